import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import type { TestApp } from './test-app';

/** A staff member signed in to a test app: their cookie jar, CSRF token and id. */
export interface StaffTestSession {
  http: TestAgent;
  csrf: string;
  id: string;
}

/** Signs in through the API as the workspace does (cookie and CSRF token), for specs whose subject is what staff may do. */
export async function signInStaff(t: Pick<TestApp, 'app'>, credentials: { email: string; password: string; code?: string }): Promise<StaffTestSession> {
  const http = request.agent(t.app.getHttpServer());
  // Only the sign-in's own fields: specs pass their account fixtures (name, role…), which the API would refuse.
  const { email, password, code } = credentials;
  const { body } = await http.post('/api/staff/auth/sign-in').send(code === undefined ? { email, password } : { email, password, code }).expect(200);
  return { http, csrf: body.csrfToken, id: body.staff.id };
}

// Changes carry the session's CSRF token, as the workspace sends it.
export const post = (s: StaffTestSession, url: string, body: object = {}) => s.http.post(url).set('X-CSRF-Token', s.csrf).send(body);
export const patch = (s: StaffTestSession, url: string, body: object) => s.http.patch(url).set('X-CSRF-Token', s.csrf).send(body);
export const put = (s: StaffTestSession, url: string, body: object) => s.http.put(url).set('X-CSRF-Token', s.csrf).send(body);
export const del = (s: StaffTestSession, url: string) => s.http.delete(url).set('X-CSRF-Token', s.csrf);
