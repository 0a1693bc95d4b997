/** The task pane's entry: waits for Office, creates the Excel port and renders the pane. */
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { Notice } from "./components";
import { errorText } from "./errors";
import { createOfficePort } from "./host";
import { STRINGS } from "./strings";
import { themeForOfficeBackground } from "./theme";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";

const container = document.getElementById("root");
if (!container) throw new Error("#root saknas i taskpane.html");
const root = createRoot(container);

function showError(message: string): void {
  root.render(
    <FluentProvider theme={webLightTheme}>
      <div role="alert" style={{ padding: 12 }}>
        <Notice intent="error" title={STRINGS.appName}>
          {message}
        </Notice>
      </div>
    </FluentProvider>,
  );
}

Office.onReady()
  .then(async (info) => {
    if (info.host !== Office.HostType.Excel) {
      showError(STRINGS.errors.noOffice);
      return;
    }
    const port = await createOfficePort();
    const theme = themeForOfficeBackground(Office.context.officeTheme?.bodyBackgroundColor);
    root.render(<App port={port} theme={theme} />);
  })
  .catch((e: unknown) => showError(errorText(e)));
