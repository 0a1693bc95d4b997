/** Small shared pieces of the pane: messages, headings and the error boundary. */
import {
  Button,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  tokens,
  type MessageBarIntent,
} from "@fluentui/react-components";
import { Component, type ErrorInfo, type ReactNode } from "react";
import { STRINGS } from "./strings";

export const useStyles = makeStyles({
  view: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalM,
    paddingTop: tokens.spacingVerticalM,
    paddingBottom: tokens.spacingVerticalL,
  },
  heading: {
    margin: 0,
    fontSize: tokens.fontSizeBase400,
    lineHeight: tokens.lineHeightBase400,
    fontWeight: tokens.fontWeightSemibold,
  },
  subheading: {
    margin: 0,
    fontSize: tokens.fontSizeBase300,
    lineHeight: tokens.lineHeightBase300,
    fontWeight: tokens.fontWeightSemibold,
  },
  text: { margin: 0 },
  actions: {
    display: "flex",
    flexWrap: "wrap",
    columnGap: tokens.spacingHorizontalS,
    rowGap: tokens.spacingVerticalS,
  },
  list: { listStyleType: "none", margin: 0, padding: 0 },
  form: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS },
});

/** A view's heading (with the id its section is labelled by), introduction and main button. */
export function ViewHead(props: {
  id: string;
  heading: string;
  intro: string;
  action: string;
  disabled: boolean;
  onAction: () => void;
}) {
  const styles = useStyles();
  return (
    <>
      <h2 id={props.id} className={styles.heading}>
        {props.heading}
      </h2>
      <p className={styles.text}>{props.intro}</p>
      <div className={styles.actions}>
        <Button appearance="primary" disabled={props.disabled} onClick={props.onAction}>
          {props.action}
        </Button>
      </div>
    </>
  );
}

/** A plain message: success, info, warning or error. */
export function Notice(props: { intent: MessageBarIntent; title?: string; children: ReactNode }) {
  return (
    <MessageBar intent={props.intent} layout="multiline">
      <MessageBarBody>
        {props.title ? <MessageBarTitle>{props.title}</MessageBarTitle> : null}
        {props.children}
      </MessageBarBody>
    </MessageBar>
  );
}

/** A result announced to screen readers (role status); nothing when there is no message. */
export function StatusNotice({
  intent = "success",
  children,
}: {
  intent?: MessageBarIntent;
  children?: ReactNode;
}) {
  if (children === undefined || children === null || children === false || children === "") return null;
  return (
    <div role="status">
      <Notice intent={intent}>{children}</Notice>
    </div>
  );
}

export function ErrorNotice({ error }: { error: string | undefined }) {
  if (!error) return null;
  return (
    <div role="alert">
      <Notice intent="error" title={STRINGS.errors.title}>
        {error}
      </Notice>
    </div>
  );
}

interface BoundaryState {
  readonly failed: boolean;
}

/** Catches a rendering error so the pane shows a message instead of going blank. */
export class ErrorBoundary extends Component<{ children: ReactNode }, BoundaryState> {
  override state: BoundaryState = { failed: false };

  static getDerivedStateFromError(): BoundaryState {
    return { failed: true };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error("Verksamhetsplan: fel i fönstret", error, info.componentStack);
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <div role="alert">
        <Notice intent="error" title={STRINGS.errors.boundaryTitle}>
          {STRINGS.errors.boundaryText}{" "}
          <Button appearance="secondary" size="small" onClick={() => this.setState({ failed: false })}>
            {STRINGS.errors.boundaryRetry}
          </Button>
        </Notice>
      </div>
    );
  }
}
