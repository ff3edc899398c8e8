import type { RefAdvisory, RefAnswer } from './reference-policy';

/** The fields ACCESS-POLICY.md "The answer" gives, for a world advisory as insertWorld wrote it. */
export interface ExpectedView {
  access: string;
  classification: string;
  tlp: string;
  title: string | null;
  summary: string | null;
  body: string | null;
  recommendedActions: string[] | null;
  indicators: string[] | null;
  originatorOrgId: string | null;
  audienceShown: boolean;
}

export function expectedView(advisory: RefAdvisory, index: number, answer: RefAnswer): ExpectedView {
  const originatorOrgId = answer.originatorShown ? advisory.originatorOrgId : null;
  const base = { access: answer.access, originatorOrgId, audienceShown: answer.audienceShown };
  const none = { title: null, summary: null, body: null, recommendedActions: null, indicators: null };
  if (answer.access === 'FULL') {
    return {
      ...base,
      ...advisory.full,
      ...(answer.contentShown
        ? {
            title: `full title ${index}`,
            summary: `full summary ${index}`,
            body: `full body ${index}`,
            recommendedActions: [`full action ${index}`],
            indicators: [`198.51.100.${index}`],
          }
        : none),
    };
  }
  if (answer.access === 'TEAR_LINE') {
    const { classification, tlp } = advisory.tearLine!;
    return {
      ...base,
      classification,
      tlp,
      ...(answer.contentShown
        ? {
            title: `tear line title ${index}`,
            summary: `tear line summary ${index}`,
            body: null,
            recommendedActions: [`tear line action ${index}`],
            indicators: null,
          }
        : none),
    };
  }
  return { ...base, ...advisory.full, ...none };
}
