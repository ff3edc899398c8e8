import { CouncilError } from '@app/platform/errors/council-error';
import { IncidentType, PersonalDataCondition, Sector } from '@app/platform/vocabulary';

/**
 * One routing rule of an authority. Every condition must hold for the rule to match; an empty
 * list is no condition. See routing-decision.ts for what a match means.
 */
export interface RoutingRule {
  /** The report's sectors (its affected sectors and the reporting organisation's) meet one of these. */
  sectors: Sector[];
  /** The report's incident type is one of these (a report whose type is not known yet matches only []). */
  incidentTypes: IncidentType[];
  /** INVOLVED / NOT_INVOLVED match only a report that says so (not one that does not know yet). */
  personalData: PersonalDataCondition;
}

export const MAX_RULES_PER_AUTHORITY = 50;

/** Checks and normalises rules as the secretariat gives them (de-duplicated, sorted lists). */
export function checkRoutingRules(rules: ReadonlyArray<Partial<RoutingRule>>): RoutingRule[] {
  if (rules.length > MAX_RULES_PER_AUTHORITY) {
    throw CouncilError.badInput(`At most ${MAX_RULES_PER_AUTHORITY} routing rules per authority`, { field: 'routingRules' });
  }
  const sectors = new Set<string>(Object.values(Sector));
  const types = new Set<string>(Object.values(IncidentType));
  const conditions = new Set<string>(Object.values(PersonalDataCondition));
  return rules.map((rule, index) => {
    const wrongSectors = (rule.sectors ?? []).filter((s) => !sectors.has(s));
    if (wrongSectors.length > 0) {
      throw CouncilError.badInput(`Routing rule ${index + 1}: unknown sector ${wrongSectors.join(', ')}`, { field: 'routingRules' });
    }
    const wrongTypes = (rule.incidentTypes ?? []).filter((t) => !types.has(t));
    if (wrongTypes.length > 0) {
      throw CouncilError.badInput(`Routing rule ${index + 1}: unknown incident type ${wrongTypes.join(', ')}`, { field: 'routingRules' });
    }
    const personalData = rule.personalData ?? PersonalDataCondition.ANY;
    if (!conditions.has(personalData)) {
      throw CouncilError.badInput(`Routing rule ${index + 1}: personalData must be ANY, INVOLVED or NOT_INVOLVED`, { field: 'routingRules' });
    }
    return {
      sectors: [...new Set(rule.sectors ?? [])].sort(),
      incidentTypes: [...new Set(rule.incidentTypes ?? [])].sort(),
      personalData,
    };
  });
}
