import { CouncilError } from '@app/platform/errors/council-error';
import { IncidentType, PersonalDataCondition, Sector } from '@app/platform/vocabulary';
import type { RoutingRule } from '@app/policy/incidents/incident-routing-decision';

/** The rule's shape and what a match means belong to the routing decision (libs/policy). */
export type { RoutingRule } from '@app/policy/incidents/incident-routing-decision';

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
      throw CouncilError.badInput(`Routing rule ${index + 1}: personalData must be ANY, INVOLVED or NOT_INVOLVED`, {
        field: 'routingRules',
      });
    }
    return {
      sectors: [...new Set(rule.sectors ?? [])].sort(),
      incidentTypes: [...new Set(rule.incidentTypes ?? [])].sort(),
      personalData,
    };
  });
}
