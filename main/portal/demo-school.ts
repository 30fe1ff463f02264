/**
 * The demo school of development runs: `npm start` and `npm run web` start the test Moodle on
 * 127.0.0.1 (scripts/lib/demo-school.mjs) and hand it to the app in SCHULDESK_DEMO_SCHOOL, so a
 * newcomer can try the whole app without a school. An installed app never offers it: the variable
 * is ignored when packaged (a student could set it), and the test Moodle itself is not packaged.
 */
import { z } from 'zod';
import { isLoopbackHost } from './site-url';

export const DEMO_SCHOOL_ENV = 'SCHULDESK_DEMO_SCHOOL';

export interface DemoAccount {
  username: string;
  password: string;
  fullName: string;
  role: 'student' | 'teacher';
}

export interface DemoSchool {
  /** The demo portal's base URL: always plain http on a loopback address. */
  url: string;
  accounts: DemoAccount[];
}

const demoSchoolSchema = z.strictObject({
  url: z
    .string()
    .max(200)
    .refine((value) => {
      try {
        const url = new URL(value);
        return url.protocol === 'http:' && isLoopbackHost(url.hostname);
      } catch {
        return false;
      }
    }, 'must be http:// on a loopback address'),
  accounts: z
    .array(
      z.strictObject({
        username: z.string().min(1).max(100),
        password: z.string().min(1).max(100),
        fullName: z.string().min(1).max(200),
        role: z.enum(['student', 'teacher']),
      }),
    )
    .min(1)
    .max(10),
});

export type DemoSchoolResult = { demo: DemoSchool | null; problem: string | null };

/**
 * Which demo school this run offers: none when packaged or when the variable is absent; a
 * malformed value is reported (never a crash) and offers none.
 */
export function demoSchoolFor(options: { packaged: boolean; env: NodeJS.ProcessEnv }): DemoSchoolResult {
  const raw = options.env[DEMO_SCHOOL_ENV];
  if (options.packaged || raw === undefined || raw === '') return { demo: null, problem: null };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { demo: null, problem: `${DEMO_SCHOOL_ENV} is not JSON; no demo school offered` };
  }
  const result = demoSchoolSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    return { demo: null, problem: `${DEMO_SCHOOL_ENV}: ${issue?.path.join('.') || 'value'} ${issue?.message ?? 'is invalid'}; no demo school offered` };
  }
  return { demo: { url: result.data.url.replace(/\/+$/, ''), accounts: result.data.accounts }, problem: null };
}
