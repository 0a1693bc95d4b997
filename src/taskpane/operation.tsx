/**
 * One workbook operation at a time: while one runs, every other action button is disabled (Excel
 * handles one batch at a time, and a second click must not start a second summary).
 */
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from "react";
import { errorText } from "./errors";

interface BusyState {
  readonly busy: boolean;
  /** Claims the lock; `false` when another operation runs. */
  readonly begin: () => boolean;
  readonly end: () => void;
}

const BusyContext = createContext<BusyState>({ busy: false, begin: () => true, end: () => undefined });

export function OperationProvider({ children }: { children: ReactNode }) {
  const lock = useRef(false);
  const [busy, setBusy] = useState(false);
  const value = useMemo<BusyState>(
    () => ({
      busy,
      begin: () => {
        if (lock.current) return false;
        lock.current = true;
        setBusy(true);
        return true;
      },
      end: () => {
        lock.current = false;
        setBusy(false);
      },
    }),
    [busy],
  );
  return <BusyContext.Provider value={value}>{children}</BusyContext.Provider>;
}

export interface Operation {
  /** Runs `fn` unless another operation runs; errors become a Swedish message in `error`. */
  readonly run: <T>(fn: () => Promise<T>) => Promise<T | undefined>;
  /** This view's operation is running. */
  readonly running: boolean;
  /** Some operation (this view's or another's) is running. */
  readonly busy: boolean;
  readonly error: string | undefined;
  readonly clearError: () => void;
}

export function useOperation(): Operation {
  const { busy, begin, end } = useContext(BusyContext);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const run = useCallback(
    async <T,>(fn: () => Promise<T>): Promise<T | undefined> => {
      if (!begin()) return undefined;
      setError(undefined);
      setRunning(true);
      try {
        return await fn();
      } catch (e) {
        setError(errorText(e));
        return undefined;
      } finally {
        setRunning(false);
        end();
      }
    },
    [begin, end],
  );
  const clearError = useCallback(() => setError(undefined), []);
  return { run, running, busy, error, clearError };
}
