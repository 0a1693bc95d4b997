/**
 * The task pane: four views (Start, Kontroll, Sammanställning, Inställningar) over a WorkbookPort.
 * The port is a prop, so tests and a browser preview can pass another port than Excel's.
 */
import {
  FluentProvider,
  Tab,
  TabList,
  makeStyles,
  tokens,
  webDarkTheme,
  webLightTheme,
} from "@fluentui/react-components";
import { useState } from "react";
import type { WorkbookPort } from "../core/port";
import { ErrorBoundary } from "./components";
import { OperationProvider } from "./operation";
import { STRINGS } from "./strings";
import type { ThemeName } from "./theme";
import { CheckView } from "./views/CheckView";
import { SettingsView } from "./views/SettingsView";
import { StartView } from "./views/StartView";
import { SummaryView } from "./views/SummaryView";
import { UnitsView } from "./views/UnitsView";

const useAppStyles = makeStyles({
  root: {
    minHeight: "100vh",
    boxSizing: "border-box",
    paddingLeft: tokens.spacingHorizontalM,
    paddingRight: tokens.spacingHorizontalM,
    paddingTop: tokens.spacingVerticalM,
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
  },
  title: {
    margin: 0,
    fontSize: tokens.fontSizeBase500,
    lineHeight: tokens.lineHeightBase500,
    fontWeight: tokens.fontWeightSemibold,
  },
  tagline: { margin: 0, marginBottom: tokens.spacingVerticalS, color: tokens.colorNeutralForeground2 },
  tabs: { flexWrap: "wrap", marginLeft: `calc(-1 * ${tokens.spacingHorizontalS})` },
});

export type ViewId = "start" | "check" | "summary" | "settings";
const VIEWS: readonly ViewId[] = ["start", "check", "summary", "settings"];

export interface AppProps {
  readonly port: WorkbookPort;
  readonly theme?: ThemeName;
  readonly initialView?: ViewId;
}

export function App({ port, theme = "light", initialView = "start" }: AppProps) {
  const styles = useAppStyles();
  const [view, setView] = useState<ViewId>(initialView);
  const tabId = (v: ViewId) => `vp-tab-${v}`;
  const panelId = (v: ViewId) => `vp-panel-${v}`;
  return (
    <FluentProvider theme={theme === "dark" ? webDarkTheme : webLightTheme} className={styles.root}>
      <ErrorBoundary>
        <OperationProvider>
          <header>
            <h1 className={styles.title}>{STRINGS.appName}</h1>
            <p className={styles.tagline}>{STRINGS.appTagline}</p>
          </header>
          <nav>
            <TabList
              size="small"
              className={styles.tabs}
              selectedValue={view}
              onTabSelect={(_, d) => setView(d.value as ViewId)}
              aria-label={STRINGS.tabs.label}
            >
              {VIEWS.map((v) => (
                <Tab key={v} id={tabId(v)} value={v} aria-controls={panelId(v)}>
                  {STRINGS.tabs[v]}
                </Tab>
              ))}
            </TabList>
          </nav>
          <main>
            {/* Every view stays mounted (hidden when not selected) so results survive a tab switch. */}
            {VIEWS.map((v) => (
              <div key={v} role="tabpanel" id={panelId(v)} aria-labelledby={tabId(v)} hidden={view !== v}>
                {v === "start" ? <StartView port={port} /> : null}
                {v === "start" ? <UnitsView port={port} /> : null}
                {v === "check" ? <CheckView port={port} /> : null}
                {v === "summary" ? <SummaryView port={port} /> : null}
                {v === "settings" ? <SettingsView port={port} active={view === "settings"} /> : null}
              </div>
            ))}
          </main>
        </OperationProvider>
      </ErrorBoundary>
    </FluentProvider>
  );
}
