/**
 * The ribbon's function commands (FunctionFile commands.html). They work with the pane closed:
 * each runs its use case on the Excel port, shows the result in a small dialog, and always calls
 * event.completed().
 */
import { createOfficePort } from "../taskpane/host";
import { runCommand } from "./actions";
import { COMMAND_FUNCTIONS, type CommandFunction } from "./names";
import { showNotice } from "./notify";

function handler(name: CommandFunction) {
  return async (event: Office.AddinCommands.Event): Promise<void> => {
    try {
      const notice = await runCommand(name, createOfficePort);
      await showNotice(notice);
    } finally {
      event.completed();
    }
  };
}

Office.onReady(() => {
  // Nothing to prepare: the handlers create the port when the button is pressed.
});

for (const name of Object.values(COMMAND_FUNCTIONS)) {
  const fn = handler(name);
  Office.actions.associate(name, fn);
  // Older clients look the function up on the global object.
  (globalThis as Record<string, unknown>)[name] = fn;
}
