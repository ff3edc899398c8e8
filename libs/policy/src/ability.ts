import {
  buildMongoQueryMatcher,
  createMongoAbility,
  type ForcedSubject,
  type MongoAbility,
  type MongoQuery,
  type RawRuleOf,
} from '@casl/ability';
import { $and, $nor, $or, and, nor, or } from '@ucast/mongo2js';

/**
 * CASL 7's default matcher has no $or/$and/$nor and silently never matches conditions that use
 * them; every ability of the council is built with this one instead.
 */
export const councilConditionsMatcher = buildMongoQueryMatcher({ $and, $or, $nor }, { and, or, nor });

/** Subjects are either a type name (type-level checks) or a row tagged with `subject(type, row)`. */
export type CouncilAbility<Action extends string, Subject extends string> = MongoAbility<
  [Action, Subject | ForcedSubject<Subject>],
  MongoQuery
>;

export interface RawCouncilRule<Action extends string, Subject extends string> {
  action: Action;
  subject: Subject;
  conditions?: MongoQuery;
}

export function buildAbility<Action extends string, Subject extends string>(
  rules: RawCouncilRule<Action, Subject>[],
): CouncilAbility<Action, Subject> {
  return createMongoAbility<CouncilAbility<Action, Subject>>(rules as RawRuleOf<CouncilAbility<Action, Subject>>[], {
    conditionsMatcher: councilConditionsMatcher,
  });
}
