/**
 * The console's only way to the server: POST /graphql, as any other client, with the signed-in
 * person's bearer token. No endpoint of its own, no rule of its own: the API decides what is shown.
 */
const TOKEN_KEY = 'council.accessToken';

export interface GraphQLProblem {
  message: string;
  code?: string;
  /** Field-level problems the API reports for BAD_USER_INPUT ("full.title: must not be empty"). */
  problems?: string[];
  /** The one field a refusal is about, when the API names it without a "field: problem" line. */
  field?: string;
}

export class GraphQLRequestError extends Error {
  constructor(readonly problems: GraphQLProblem[]) {
    super(problems.map((p) => p.message).join('\n'));
    this.name = 'GraphQLRequestError';
  }

  get code(): string | undefined {
    return this.problems[0]?.code;
  }
}

/** Session storage: the token dies with the tab and is never shared with another window. */
export const tokenStore = {
  get: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  set: (token: string): void => sessionStorage.setItem(TOKEN_KEY, token),
  clear: (): void => sessionStorage.removeItem(TOKEN_KEY),
};

export const SIGNED_OUT_EVENT = 'council:signed-out';

interface RawResponse<T> {
  data?: T | null;
  errors?: Array<{
    message: string;
    extensions?: { code?: string; problems?: unknown; details?: { problems?: unknown; field?: unknown } };
  }>;
}

export async function graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const token = tokenStore.get();
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new GraphQLRequestError([{ message: 'network', code: 'NETWORK' }]);
  }
  let body: RawResponse<T>;
  try {
    body = (await response.json()) as RawResponse<T>;
  } catch {
    throw new GraphQLRequestError([{ message: `HTTP ${response.status}`, code: 'HTTP' }]);
  }
  if (body.errors?.length) {
    const problems = body.errors.map((error) => ({
      message: error.message,
      code: error.extensions?.code,
      // CouncilError puts its field-level lines under extensions.details (apps/api/src/graphql/format-error.ts).
      problems: Array.isArray(error.extensions?.problems)
        ? (error.extensions?.problems as string[])
        : Array.isArray(error.extensions?.details?.problems)
          ? (error.extensions?.details?.problems as string[])
          : undefined,
      field: typeof error.extensions?.details?.field === 'string' ? error.extensions.details.field : undefined,
    }));
    if (problems.some((p) => p.code === 'UNAUTHENTICATED') && token) {
      tokenStore.clear();
      window.dispatchEvent(new Event(SIGNED_OUT_EVENT));
    }
    throw new GraphQLRequestError(problems);
  }
  return body.data as T;
}
