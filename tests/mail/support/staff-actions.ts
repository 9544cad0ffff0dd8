import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import type { TestApp } from '../../../apps/api/src/testing/test-app';

/**
 * The support engineer on duty of the manual, working through the staff API
 * (R-STAFF-1): the first admin of the test app, made from these settings.
 */
export class DutyEngineer {
  static readonly name = 'Тітаренко Петро Миколайович';
  static readonly settings = { ADMIN_EMAIL: 'duty-engineer@oree.com.ua', ADMIN_PASSWORD: 'duty-engineer-password', ADMIN_NAME: DutyEngineer.name };

  private constructor(
    private readonly http: TestAgent,
    private readonly csrf: string,
  ) {}

  static async signIn(t: TestApp): Promise<DutyEngineer> {
    const http = request.agent(t.app.getHttpServer());
    const { body } = await http
      .post('/api/staff/auth/sign-in')
      .send({ email: DutyEngineer.settings.ADMIN_EMAIL, password: DutyEngineer.settings.ADMIN_PASSWORD })
      .expect(200);
    return new DutyEngineer(http, body.csrfToken);
  }

  /** Replies having read the whole conversation, leaving the status "replied". */
  async reply(trackingId: string, message: string): Promise<void> {
    const { body } = await this.http.get(`/api/staff/tickets/${trackingId}`).expect(200);
    const lastSeenMessageId = body.messages[body.messages.length - 1].id;
    await this.http.post(`/api/staff/tickets/${trackingId}/messages`).set('X-CSRF-Token', this.csrf).send({ body: message, lastSeenMessageId }).expect(201);
  }

  async close(trackingId: string): Promise<void> {
    await this.http.patch(`/api/staff/tickets/${trackingId}`).set('X-CSRF-Token', this.csrf).send({ status: 'resolved' }).expect(200);
  }
}
