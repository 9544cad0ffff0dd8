import { SEALED_VALUES } from '../secrets/sealed-columns.repository';
import { SecretsService } from '../secrets/secrets.service';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { MY_REQUESTS_COUNT_CAP, SIGN_IN_LINK_MINUTES, type MyRequestsPage } from '@pidtrymka/contracts';
import { DataSource } from 'typeorm';
import { normalizeEmail, ParticipantAuthService, type ParticipantPrincipal } from '../auth/participant-auth.service';
import { sha256 } from '../auth/credentials';
import { ApiException } from '../common/api.exception';
import type { Caller } from '../common/caller-info.decorator';
import { RATE_LIMIT_STORAGE } from '../common/rate-limit-storage.module';
import type { RateLimitStorage } from '../common/throttler-storages';
import { AppConfig } from '../config/app-config';
import { OutboxService } from '../notifications/outbox.service';
import type { MyRequestsQueryDto } from './dto/participant.dto';
import { TicketsRepository } from './tickets.repository';

const HOUR_MS = 3_600_000;
const PER_ADDRESS = 'sign-in-links-address';
const PER_IP = 'sign-in-links-ip';
const DEFAULT_PAGE_SIZE = 20;

/** Issue 18: the participant's own space — sign-in by e-mailed link, and "My requests". */
@Injectable()
export class ParticipantSpaceService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly auth: ParticipantAuthService,
    private readonly outbox: OutboxService,
    private readonly tickets: TicketsRepository,
    private readonly config: AppConfig,
    @Inject(RATE_LIMIT_STORAGE) private readonly limits: RateLimitStorage,
    private readonly secrets: SecretsService,
  ) {}

  /**
   * Queues a sign-in link to any address, with or without requests, so the
   * answer (and its timing) tells no one who wrote to us; someone without
   * requests just finds an empty list. Per address and per IP each hour, in
   * the shared rate-limit storage; an address counts whoever asks for it, so
   * no mailbox can be flooded, and the count is the same for every address.
   */
  async sendLink(email: string, caller: Caller): Promise<void> {
    const address = normalizeEmail(email);
    if (this.config.rateLimit.enabled) {
      const { signInLinks, signInLinksPerIp } = this.config.rateLimit;
      const tooMany = (seconds: number) => new ApiException(HttpStatus.TOO_MANY_REQUESTS, 'too_many_sign_in_links', { minutes: Math.max(1, Math.ceil(seconds / 60)) });
      const byIp = await this.limits.increment(`sign-in-link-ip:${caller.ip}`, HOUR_MS, signInLinksPerIp, HOUR_MS, PER_IP);
      if (byIp.isBlocked) throw tooMany(byIp.timeToBlockExpire);
      // Hashed: the counters' table is no list of addresses.
      const byAddress = await this.limits.increment(`sign-in-link-address:${sha256(address)}`, HOUR_MS, signInLinks, HOUR_MS, PER_ADDRESS);
      if (byAddress.isBlocked) throw tooMany(byAddress.timeToBlockExpire);
    }
    await this.dataSource.transaction(async (manager) => {
      const token = await this.auth.createLink(manager, address);
      // A person asked for it, now: not capped as automatic mail (the limits above bound it).
      // Sealed while it waits: a dump of the outbox within the link's 15 minutes must not sign anyone in.
      const sealedToken = this.secrets.seal(SEALED_VALUES.signInToken, address, token);
      await this.outbox.enqueue(manager, { template: 'participant_sign_in', recipient: address, locale: caller.locale, payload: { token: sealedToken, minutes: SIGN_IN_LINK_MINUTES } }, { cap: null });
    });
  }

  /** One page of the signed-in participant's requests: theirs by address, never anyone else's, whatever the filter. */
  async myRequests(participant: ParticipantPrincipal, query: MyRequestsQueryDto): Promise<MyRequestsPage> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    const search = query.q?.trim();
    const [rows, total] = await this.tickets.pageOfRequester(participant.email, {
      search: search || undefined,
      status: query.status,
      sort: query.sort ?? 'updated',
      limit: pageSize,
      offset: (page - 1) * pageSize,
    }, MY_REQUESTS_COUNT_CAP);
    return {
      items: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() })),
      total: Math.min(total, MY_REQUESTS_COUNT_CAP),
      totalCapped: total > MY_REQUESTS_COUNT_CAP,
      page,
      pageSize,
    };
  }
}
