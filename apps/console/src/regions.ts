import { JAPAN_REGIONS as data } from '../../../libs/membership/src/regions/japan-regions.data';

/** JIS X 0401 prefectures and JIS X 0402 municipalities: the same list the API validates against. */
export const PREFECTURES: ReadonlyArray<{ code: string; name: string; nameEn: string }> = data.prefectures;
export const MUNICIPALITIES: ReadonlyArray<{ code: string; name: string }> = data.municipalities;

const byCode = new Map<string, string>();
for (const p of PREFECTURES) byCode.set(p.code, p.name);

export function regionName(code: string, language: string): string {
  const prefecture = PREFECTURES.find((p) => p.code === code);
  if (prefecture) return language === 'en' ? prefecture.nameEn : prefecture.name;
  const municipality = MUNICIPALITIES.find((m) => m.code === code);
  if (!municipality) return code;
  const inPrefecture = PREFECTURES.find((p) => p.code === code.slice(0, 2));
  const prefix = inPrefecture ? (language === 'en' ? `${inPrefecture.nameEn} ` : inPrefecture.name) : '';
  return `${prefix}${municipality.name}`;
}

export const municipalitiesOf = (prefecture: string) => MUNICIPALITIES.filter((m) => m.code.startsWith(prefecture));
