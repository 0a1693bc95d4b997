/**
 * The browser version's page: the real task pane (src/taskpane's App, over the real Office.js
 * adapter and the fake Excel workbook) beside a sheet viewer, with buttons to start from one of
 * the two examples (a menu: Hägersten-Älvsjö VP 2025, Resursenheten VB 2021) or an empty
 * workbook, open an `.xlsx` file and download the workbook.
 */
import {
  Button,
  FluentProvider,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Menu,
  MenuButton,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  makeStyles,
  tokens,
  webLightTheme,
} from "@fluentui/react-components";
import { useEffect, useRef, useSyncExternalStore } from "react";
import { App } from "../taskpane/App";
import type { PreviewStore } from "./store";
import { PREVIEW_STRINGS as S } from "./strings";
import { Viewer } from "./Viewer";

/** Width of Excel's task pane (it can be dragged wider in Excel; 350 px is its usual width). */
const PANE_WIDTH = 360;

const usePageStyles = makeStyles({
  // The pane scrolls with the page, as in Excel where it is a page of its own; the workbook
  // stays in place beside it.
  page: {
    display: "flex",
    alignItems: "flex-start",
    minHeight: "100vh",
    backgroundColor: tokens.colorNeutralBackground1,
  },
  workbook: {
    position: "sticky",
    top: 0,
    height: "100vh",
    display: "flex",
    flexDirection: "column",
    flexGrow: 1,
    minWidth: 0,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  toolbar: {
    display: "flex",
    flexWrap: "nowrap",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalS,
    rowGap: tokens.spacingVerticalXS,
    paddingTop: tokens.spacingVerticalS,
    paddingBottom: tokens.spacingVerticalS,
    paddingLeft: tokens.spacingHorizontalM,
    paddingRight: tokens.spacingHorizontalM,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  title: {
    flexGrow: 1,
    flexShrink: 1,
    minWidth: 0,
    margin: 0,
    marginLeft: tokens.spacingHorizontalS,
    fontSize: tokens.fontSizeBase300,
    fontWeight: tokens.fontWeightSemibold,
    whiteSpace: "nowrap",
    overflow: "hidden",
    textOverflow: "ellipsis",
  },
  status: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200, whiteSpace: "nowrap" },
  sheetArea: {
    display: "flex",
    flexDirection: "column",
    flexGrow: 1,
    minHeight: 0,
    paddingLeft: tokens.spacingHorizontalM,
    paddingRight: tokens.spacingHorizontalM,
  },
  pane: {
    width: `${PANE_WIDTH}px`,
    minHeight: "100vh",
    flexShrink: 0,
    borderLeft: `1px solid ${tokens.colorNeutralStroke1}`,
    boxShadow: tokens.shadow4,
  },
  hiddenInput: { display: "none" },
  button: { flexShrink: 0 },
});

export function Preview({ store }: { store: PreviewStore }) {
  const styles = usePageStyles();
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const fileInput = useRef<HTMLInputElement>(null);

  // The pane and the viewer are on screen: the pane benchmark reads this mark.
  useEffect(() => {
    performance.mark("vp-first-render");
  }, []);

  const busy = snapshot.busy !== undefined || !snapshot.ready;
  return (
    <FluentProvider theme={webLightTheme} className={styles.page}>
      <section className={styles.workbook} aria-labelledby="vp-workbook-title">
        <div className={styles.toolbar} role="group" aria-label={S.toolbarLabel}>
          <Menu>
            <MenuTrigger disableButtonEnhancement>
              <MenuButton className={styles.button} disabled={busy}>
                {S.example}
              </MenuButton>
            </MenuTrigger>
            <MenuPopover>
              <MenuList>
                <MenuItem onClick={() => void store.start({ kind: "example" })}>{S.examplePlan}</MenuItem>
                <MenuItem onClick={() => void store.start({ kind: "followup" })}>
                  {S.exampleFollowup}
                </MenuItem>
              </MenuList>
            </MenuPopover>
          </Menu>
          <Button
            className={styles.button}
            disabled={busy}
            onClick={() => void store.start({ kind: "empty" })}
          >
            {S.empty}
          </Button>
          <Button className={styles.button} disabled={busy} onClick={() => fileInput.current?.click()}>
            {S.openButton}
          </Button>
          <input
            ref={fileInput}
            className={styles.hiddenInput}
            type="file"
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-label={S.openButton}
            tabIndex={-1}
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = "";
              if (file) void store.open(file);
            }}
          />
          <Button
            className={styles.button}
            appearance="primary"
            disabled={busy}
            onClick={() => void store.download()}
          >
            {S.downloadButton}
          </Button>
          <h2 id="vp-workbook-title" className={styles.title} title={snapshot.fileName}>
            {S.workbookLabel}: {snapshot.fileName}
          </h2>
          <span className={styles.status} role="status">
            {snapshot.busy ?? ""}
          </span>
        </div>
        {snapshot.error ? (
          <div role="alert">
            <MessageBar intent="error" layout="multiline">
              <MessageBarBody>
                <MessageBarTitle>{S.error}</MessageBarTitle>
                {snapshot.error}
              </MessageBarBody>
            </MessageBar>
          </div>
        ) : null}
        <div className={styles.sheetArea}>
          <Viewer store={store} snapshot={snapshot} />
        </div>
      </section>
      <div id="vp-pane" className={styles.pane}>
        {/* A new pane for every workbook opened: its results belonged to the previous one. */}
        <App key={snapshot.generation} port={snapshot.port} />
      </div>
    </FluentProvider>
  );
}
