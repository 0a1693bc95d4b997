/**
 * The goal chain as a tree: each goal's parent one level up, its children, indicators and
 * activities. Shared by the goal summary and the follow-up assessments. A goal whose parent is
 * missing or at the wrong level has no valid parent (the checks report it); duplicate goal IDs
 * keep the first goal, which alone owns the children, indicators and activities.
 */
import type { Activity, Goal, Indicator, Plan } from "./model";
import type { GoalLevel } from "./spec";

/** The level one step down, whose goals link to a goal of this level. */
export const CHILD_LEVEL: Record<GoalLevel, GoalLevel | undefined> = {
  "KF:s inriktningsmål": "KF:s mål för verksamhetsområdet",
  "KF:s mål för verksamhetsområdet": "Nämndmål",
  Nämndmål: "Enhetsmål",
  Enhetsmål: undefined,
};

export class GoalIndex {
  private readonly byId = new Map<string, Goal>();
  private readonly children = new Map<string, Goal[]>();
  private readonly indicators = new Map<string, Indicator[]>();
  private readonly activities = new Map<string, Activity[]>();

  constructor(readonly plan: Plan) {
    for (const goal of plan.goals) if (!this.byId.has(goal.id)) this.byId.set(goal.id, goal);
    for (const goal of plan.goals) {
      const parent = goal.parentId === undefined ? undefined : this.byId.get(goal.parentId);
      if (parent && CHILD_LEVEL[parent.level] === goal.level) push(this.children, parent.id, goal);
    }
    for (const indicator of plan.indicators) push(this.indicators, indicator.goalId, indicator);
    for (const activity of plan.activities) push(this.activities, activity.goalId, activity);
  }

  /** The goal with this ID (the first one when the ID is duplicated). */
  goal(id: string): Goal | undefined {
    return this.byId.get(id);
  }

  /** `true` for the goal that owns its ID (the first goal with it). */
  isCanonical(goal: Goal): boolean {
    return this.byId.get(goal.id) === goal;
  }

  /** The goal's parent when that exists at the level one step up. */
  validParent(goal: Goal): Goal | undefined {
    const parent = goal.parentId === undefined ? undefined : this.byId.get(goal.parentId);
    return parent && CHILD_LEVEL[parent.level] === goal.level ? parent : undefined;
  }

  childrenOf(goal: Goal): readonly Goal[] {
    return this.isCanonical(goal) ? (this.children.get(goal.id) ?? []) : [];
  }

  indicatorsOf(goal: Goal): readonly Indicator[] {
    return this.isCanonical(goal) ? (this.indicators.get(goal.id) ?? []) : [];
  }

  activitiesOf(goal: Goal): readonly Activity[] {
    return this.isCanonical(goal) ? (this.activities.get(goal.id) ?? []) : [];
  }

  /** Indicators and activities whose Mål-ID names no goal. */
  unlinked(): { indicators: Indicator[]; activities: Activity[] } {
    return {
      indicators: this.plan.indicators.filter((i) => !this.byId.has(i.goalId)),
      activities: this.plan.activities.filter((a) => !this.byId.has(a.goalId)),
    };
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
