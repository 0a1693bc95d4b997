/**
 * Shows a command's result: Excel has no notification API for function commands, so a small dialog
 * (notification.html) shows the text, and closes after a few seconds or with its Stäng button.
 */
import type { CommandNotice } from "./actions";

/** How long a notice stays open (ms): errors stay longer so they can be read. */
export const NOTICE_MS: Record<CommandNotice["kind"], number> = {
  success: 6000,
  warning: 10000,
  error: 60000,
};

/** The dialog's URL beside the current page, with the notice in the hash. */
export function noticeUrl(base: string, notice: CommandNotice): string {
  const url = new URL("notification.html", base);
  url.hash = new URLSearchParams({ kind: notice.kind, text: notice.text }).toString();
  return url.toString();
}

/** Opens the dialog and resolves once it is closed (or could not be opened). */
export function showNotice(notice: CommandNotice): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    let dialog: Office.Dialog | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = () => {
      if (done) return;
      done = true;
      if (timer) clearTimeout(timer);
      try {
        dialog?.close();
      } catch {
        // Already closed by the user.
      }
      resolve();
    };
    try {
      Office.context.ui.displayDialogAsync(
        noticeUrl(window.location.href, notice),
        { height: 30, width: 30, displayInIframe: true },
        (result) => {
          if (result.status !== Office.AsyncResultStatus.Succeeded) {
            console.error("Verksamhetsplan:", notice.text, result.error);
            finish();
            return;
          }
          dialog = result.value;
          dialog.addEventHandler(Office.EventType.DialogMessageReceived, finish);
          dialog.addEventHandler(Office.EventType.DialogEventReceived, finish);
          timer = setTimeout(finish, NOTICE_MS[notice.kind]);
        },
      );
    } catch (e) {
      console.error("Verksamhetsplan:", notice.text, e);
      finish();
    }
  });
}
