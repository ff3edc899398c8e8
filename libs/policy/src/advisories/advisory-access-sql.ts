import { rulesToAST } from '@casl/ability/extra';
import { conditionToSql } from '../sql/condition-to-sql';
import type { SqlParameters } from '../sql/sql-fragment';
import { ADVISORY_COLUMNS } from './advisory-columns';
import { ADVISORY, type AdvisoryAbility, type AdvisoryAction } from './advisory-ability';

/**
 * One action's rules as a SQL boolean over `advisories a`: FALSE when the ability has no rule for
 * it, TRUE when a rule has no conditions.
 */
export function actionToSql(ability: AdvisoryAbility, action: AdvisoryAction, params: SqlParameters): string {
  const ast = rulesToAST(ability, action, ADVISORY);
  if (ast === null) return 'FALSE';
  return conditionToSql(ast, ADVISORY_COLUMNS, params);
}

/**
 * The policy as SQL for one reader: which rows exist for them, at which access level, and whether
 * the content of a withdrawn advisory stays readable. Built once per request, used by the page
 * query, the count, the search and the alert fan-out. Each piece is compiled (and its parameters
 * added) the first time it is used, so a query never carries parameters it does not reference.
 */
export class AdvisoryAccessSql {
  private readonly compiled = new Map<AdvisoryAction, string>();

  constructor(
    private readonly ability: AdvisoryAbility,
    readonly params: SqlParameters,
    /** The sectors of the reader's organisation (none for people without one). */
    private readonly readerSectors: readonly string[] = [],
  ) {}

  private action(action: AdvisoryAction): string {
    let sql = this.compiled.get(action);
    if (sql === undefined) {
      sql = actionToSql(this.ability, action, this.params);
      this.compiled.set(action, sql);
    }
    return sql;
  }

  /** TRUE where the reader may read the FULL view. */
  get full(): string {
    return this.action('readFull');
  }

  /** TRUE where the reader may read the TEAR_LINE view. */
  get tearLine(): string {
    return this.action('readTearLine');
  }

  /** TRUE for rows the reader may see at all (FULL, TEAR_LINE or METADATA_ONLY). */
  get visible(): string {
    return `(${this.full} OR ${this.tearLine} OR ${this.action('readMetadata')})`;
  }

  /** TRUE for rows whose FULL or TEAR_LINE view the reader may read (what a feed carries). */
  get readable(): string {
    return `(${this.full} OR ${this.tearLine})`;
  }

  /** 'FULL' | 'TEAR_LINE' | 'METADATA_ONLY' for a visible row. */
  get access(): string {
    return `(CASE WHEN ${this.full} THEN 'FULL' WHEN ${this.tearLine} THEN 'TEAR_LINE' ELSE 'METADATA_ONLY' END)`;
  }

  /**
   * The feed's sector filter, without telling anything about an audience the reader may not read.
   * Those who may read the audience (the secretariat, the originator) get advisories aimed at all
   * sectors or at one of `sectors`. Everyone else only ever sees what is aimed at their own sectors
   * (or at all), so for them the filter keeps their whole feed when `sectors` names one of their
   * own, and nothing otherwise: filtering on the audience itself would reveal its other sectors.
   */
  sectorFilter(sectors: readonly string[]): string {
    const audienceShown = this.action('readAudience');
    const relevant = `(cardinality(a.audience_sectors) = 0 OR a.audience_sectors && ${this.params.add(sectors, 'text[]')})`;
    const namesOwnSector = sectors.some((s) => this.readerSectors.includes(s));
    return namesOwnSector ? `(NOT ${audienceShown} OR ${relevant})` : `(${audienceShown} AND ${relevant})`;
  }

  /** TRUE when the content of the view the reader gets may be shown (not retracted for them). */
  get contentShown(): string {
    return `(a.status <> 'WITHDRAWN' OR ${this.action('readRetracted')})`;
  }
}

export function advisoryAccessSql(
  ability: AdvisoryAbility,
  params: SqlParameters,
  readerSectors: readonly string[] = [],
): AdvisoryAccessSql {
  return new AdvisoryAccessSql(ability, params, readerSectors);
}
