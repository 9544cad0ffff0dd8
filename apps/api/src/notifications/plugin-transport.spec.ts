import { MailerModule, MailerService } from '@nestjs-modules/mailer';
import { Test } from '@nestjs/testing';
import type { MailTransport, OutgoingMail } from '@pidtrymka/plugin-sdk';
import MailComposer from 'nodemailer/lib/mail-composer';
import { PluginTransport } from './plugin-transport';

describe('PluginTransport: the mailer module sends through the chosen mail-transport plugin', () => {
  const mail = {
    from: '"Технічна підтримка" <support@localhost>',
    to: 'participant@example.org',
    // A participant's subject: the mailer must not fill in `{{…}}`.
    subject: '[#NQV-5ND-HWAE] Запит отримано: {{name}} {{subject}} <b>',
    text: 'Доброго дня,\nтекст',
    html: '<p>Доброго дня,</p>\n',
    messageId: '<1.abc@localhost>',
    inReplyTo: '<0.abc@localhost>',
    references: ['<0.abc@localhost>'],
    headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
    date: new Date('2021-04-29T07:45:56Z'),
  };
  /** The mailer module as NotificationsModule sets it up, over the given plugin. */
  const mailerOver = async (plugin: MailTransport) =>
    (await Test.createTestingModule({ imports: [MailerModule.forRoot({ transport: new PluginTransport(plugin) })] }).compile()).get(MailerService);
  const withoutBoundaries = (raw: Buffer | string) => raw.toString().replace(/_NmP-[0-9a-f]+-Part_\d+/g, 'BOUNDARY');

  it('hands the plugin the envelope, the Message-ID and the very message MailComposer made before', async () => {
    const sent: OutgoingMail[] = [];
    const mailer = await mailerOver({ name: 'capture', send: async (outgoing) => void sent.push(outgoing) });
    await mailer.sendMail({ ...mail, envelope: { from: 'support@localhost', to: ['participant@example.org'] } });
    expect(sent).toHaveLength(1);
    expect(sent[0].envelope).toEqual({ from: 'support@localhost', to: ['participant@example.org'] });
    expect(sent[0].messageId).toBe('1.abc@localhost');
    expect(withoutBoundaries(sent[0].raw)).toBe(withoutBoundaries(await new MailComposer(mail).compile().build()));
  });

  it('a plugin\'s refusal is the send\'s, for the outbox to retry', async () => {
    const mailer = await mailerOver({ name: 'down', send: async () => Promise.reject(new Error('421 try later')) });
    await expect(mailer.sendMail({ ...mail, envelope: { from: 'support@localhost', to: ['participant@example.org'] } })).rejects.toThrow('421 try later');
  });
});
