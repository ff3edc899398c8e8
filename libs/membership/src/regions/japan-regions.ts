import { JAPAN_REGIONS as regions } from './japan-regions.data';

/**
 * Japan's prefecture (JIS X 0401) and municipality (JIS X 0402, 5 digits) codes, copied from
 * the council's shared data set japan-local-governments into the package so that a deployment needs nothing beside it.
 */
export interface Region {
  code: string;
  name: string;
}

export const PREFECTURES: readonly (Region & { nameEn: string })[] = regions.prefectures;
export const MUNICIPALITIES: readonly Region[] = regions.municipalities;

const prefectureCodes = new Set(PREFECTURES.map((p) => p.code));
const municipalityCodes = new Set(MUNICIPALITIES.map((m) => m.code));

export function isPrefectureCode(code: string): boolean {
  return prefectureCodes.has(code);
}

export function isMunicipalityCode(code: string): boolean {
  return municipalityCodes.has(code);
}

/** A region of an audience: a prefecture code or an existing municipality code. */
export function isRegionCode(code: string): boolean {
  return isPrefectureCode(code) || isMunicipalityCode(code);
}

export interface PlaceProblem {
  field: 'prefecture' | 'municipality';
  message: string;
}

/**
 * The rule for an organisation's place (RUNNING.md): a municipality needs its prefecture, must
 * exist and must start with the prefecture's two digits. Returns the problem and the field it
 * belongs to, or null.
 */
export function placeProblemOf(prefecture: string | null, municipality: string | null): PlaceProblem | null {
  if (prefecture !== null && !isPrefectureCode(prefecture)) {
    return { field: 'prefecture', message: `prefecture "${prefecture}" is not a prefecture code ("01".."47")` };
  }
  if (municipality === null) return null;
  if (prefecture === null) return { field: 'municipality', message: 'municipality needs its prefecture' };
  if (!isMunicipalityCode(municipality)) {
    return {
      field: 'municipality',
      message: `municipality "${municipality}" is not a known 5-digit municipality code (JIS X 0402)`,
    };
  }
  if (!municipality.startsWith(prefecture)) {
    return {
      field: 'municipality',
      message: `municipality "${municipality}" does not belong to prefecture "${prefecture}"`,
    };
  }
  return null;
}

/** placeProblemOf's message alone. */
export function placeProblem(prefecture: string | null, municipality: string | null): string | null {
  return placeProblemOf(prefecture, municipality)?.message ?? null;
}
