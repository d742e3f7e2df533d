import { Inject, Injectable } from '@nestjs/common';
import {
  COMPLAINT_RECEIVED_V1,
  ComplaintsErrors,
  MAX_DESCRIPTION_LENGTH,
  type CreateComplaintRequest,
  type CreatedComplaint,
  type RequestActor,
} from '#contracts';
import { IdempotentCommands, newId, Outbox } from '#platform';
import { DataSource, type EntityManager } from 'typeorm';
import { checkAttributes, inLanguage, type CatalogueService } from '../../catalogue/catalogue.js';
import { CatalogueRepository } from '../../catalogue/catalogue.repository.js';
import { COMPLAINTS_CONFIG } from '../../complaints.tokens.js';
import type { ComplaintsConfig } from '../../config.js';
import { publicAddress } from '../../gazetteer/gazetteer.js';
import { GazetteerRepository } from '../../gazetteer/gazetteer.repository.js';
import {
  boundingBox,
  distanceMetres,
  insidePolygon,
  parseBoundary,
  roundCoordinate,
  type Point,
} from '../../gazetteer/geo.js';
import { DuplicateRepository } from '../../duplicates/duplicate.repository.js';
import { contactHash, hashSecret, newSecret, type RequestRecord } from '../request.js';
import { RequestRepository } from '../request.repository.js';

export interface CreateRequest {
  request: CreateComplaintRequest;
  /** The signed-in citizen (REST, or Open311 through an account): they own the report. */
  user: RequestActor | undefined;
}

type Settings = Pick<
  ComplaintsConfig,
  | 'COMPLAINTS_BOUNDARY'
  | 'COMPLAINTS_PUBLIC_COORDINATE_DECIMALS'
  | 'COMPLAINTS_CONTACT_SALT'
  | 'COMPLAINTS_MEDIA_BASE_URL'
>;

interface Located extends Point {
  fullAddress: string | null;
  publicAddress: string | null;
  addressId: string | null;
  zipcode: string | null;
}

const DAY_MS = 86_400_000;

/**
 * Files a report from Open311 or the REST API: the service, its attributes, the location
 * (lat/long, a gazetteer address or its id; inside the city's boundary), the description (up
 * to 4,000 characters, public only once moderated), photos; suggests an open request of the same
 * service within its radius and window as the likely original. The request, its first public
 * update, the suggestion and `request.received` commit together; the reply carries the Open311
 * token and, once, the reporter's secret (stored only as a hash).
 */
@Injectable()
export class CreateRequestUseCase {
  private readonly boundary: Point[];

  constructor(
    private readonly commands: IdempotentCommands,
    private readonly outbox: Outbox,
    private readonly catalogue: CatalogueRepository,
    private readonly gazetteer: GazetteerRepository,
    private readonly requests: RequestRepository,
    private readonly duplicates: DuplicateRepository,
    private readonly dataSource: DataSource,
    @Inject(COMPLAINTS_CONFIG) private readonly settings: Settings,
  ) {
    this.boundary = parseBoundary(settings.COMPLAINTS_BOUNDARY);
  }

  /**
   * `complaints.request.check`: the refusals `execute` would give (the service, the location
   * inside the city, the attributes, the description), writing nothing; the gateway asks it
   * before it stores an uploaded photo.
   */
  async check(r: CreateComplaintRequest): Promise<{ acceptable: true }> {
    await this.accepted(this.dataSource.manager, r);
    return { acceptable: true };
  }

  private async accepted(tx: EntityManager, r: CreateComplaintRequest) {
    const service = await this.catalogue.findCached(tx, r.serviceCode);
    if (!service || !service.active) throw ComplaintsErrors.serviceNotFound(r.serviceCode);
    const where = await this.locate(tx, r);
    const attributes = checkAttributes(service, r.attributes);
    const description = r.description?.trim() || null;
    if (description && description.length > MAX_DESCRIPTION_LENGTH)
      throw ComplaintsErrors.descriptionTooLong(MAX_DESCRIPTION_LENGTH);
    return { service, where, attributes, description };
  }

  execute(pattern: string, command: CreateRequest): Promise<CreatedComplaint> {
    const r = command.request;
    return this.commands.run(pattern, async (tx) => {
      const { service, where, attributes, description } = await this.accepted(tx, r);

      const now = new Date();
      const id = newId();
      const secret = newSecret();
      const decimals = this.settings.COMPLAINTS_PUBLIC_COORDINATE_DECIMALS;
      const record: RequestRecord = {
        id,
        token: newSecret(),
        reporterSecretHash: hashSecret(secret),
        serviceCode: service.code,
        departmentCode: service.departmentCode,
        officerId: null,
        priority: service.priority,
        status: 'for_triage',
        statusNotes: null,
        channel: r.channel,
        apiClientId: r.apiClientId ?? null,
        reporterAccountId: command.user?.userId ?? null,
        open311AccountId: r.open311AccountId ?? null,
        firstName: r.firstName ?? null,
        lastName: r.lastName ?? null,
        email: r.email ?? null,
        phone: r.phone ?? null,
        deviceId: r.deviceId ?? null,
        description,
        descriptionModeration: description ? 'pending' : 'none',
        attributes,
        lat: where.lat,
        long: where.long,
        publicLat: roundCoordinate(where.lat, decimals),
        publicLong: roundCoordinate(where.long, decimals),
        fullAddress: where.fullAddress,
        publicAddress: where.publicAddress,
        addressId: where.addressId,
        zipcode: where.zipcode,
        requestedAt: now,
        updatedAt: now,
        expectedAt: null,
        triageDueAt: null,
        escalated: false,
        resolvedAt: null,
        reopenUntil: null,
        closedAt: null,
        reopenCount: 0,
        duplicateOf: null,
      };
      const original = await this.likelyOriginal(tx, service, where, now);
      await this.requests.insert(tx, record);
      await this.addMedia(tx, id, r, now);
      if (original)
        await this.duplicates.suggest(tx, id, original.id, Math.round(original.distance));
      const notice = await this.catalogue.templateCached(tx, 'for_triage', 'en');
      await this.requests.addUpdate(tx, {
        requestId: id,
        status: 'open',
        externalStatus: 'for_triage',
        description: notice ?? 'Received',
        mediaUrl: null,
        createdAt: now,
      });
      const contact = r.email ?? r.phone;
      await this.outbox.append(tx, {
        subject: COMPLAINT_RECEIVED_V1,
        aggregateId: id,
        actor: command.user
          ? { kind: 'user', userId: command.user.userId, role: command.user.role }
          : { kind: 'system' },
        data: {
          requestId: id,
          serviceCode: service.code,
          departmentCode: service.departmentCode,
          status: 'for_triage',
          channel: r.channel,
          priority: service.priority,
          publicLat: record.publicLat,
          publicLong: record.publicLong,
          ...(record.reporterAccountId ? { reporterAccountId: record.reporterAccountId } : {}),
          ...(record.apiClientId ? { apiClientId: record.apiClientId } : {}),
          ...(contact
            ? { reporterContactHash: contactHash(this.settings.COMPLAINTS_CONTACT_SALT, contact) }
            : {}),
          mediaCount: (r.media?.length ?? 0) + (r.mediaUrls?.length ?? 0),
          ...(original ? { suspectedDuplicateOf: original.id } : {}),
        },
      });
      return {
        serviceRequestId: id,
        token: record.token,
        reporterSecret: secret,
        serviceNotice: `${inLanguage(service.names)}: ${notice ?? 'received'}`,
        open311AccountId: record.open311AccountId,
        suspectedDuplicateOf: original?.id ?? null,
      };
    });
  }

  /** lat/long first, else the address id, else the address text; inside the boundary. */
  private async locate(tx: EntityManager, r: CreateComplaintRequest): Promise<Located> {
    let located: Located;
    if (r.lat !== undefined && r.long !== undefined) {
      const near = await this.nearestStreet(tx, { lat: r.lat, long: r.long });
      located = { lat: r.lat, long: r.long, fullAddress: null, addressId: null, ...near };
    } else if (r.addressId !== undefined) {
      const a = await this.gazetteer.findById(tx, r.addressId);
      if (!a) throw ComplaintsErrors.addressNotFound('address_id');
      located = {
        lat: a.lat,
        long: a.long,
        fullAddress: `${a.street} ${a.houseNumber}`,
        publicAddress: publicAddress(a),
        addressId: a.id,
        zipcode: a.zipcode,
      };
    } else if (r.addressString !== undefined) {
      const a = await this.gazetteer.match(tx, r.addressString);
      if (!a) throw ComplaintsErrors.addressNotFound('address_string');
      located = {
        lat: a.lat,
        long: a.long,
        fullAddress: r.addressString,
        publicAddress: publicAddress(a),
        addressId: a.id,
        zipcode: a.zipcode,
      };
    } else throw ComplaintsErrors.locationRequired();
    if (!insidePolygon(located, this.boundary)) throw ComplaintsErrors.outsideBoundary();
    return located;
  }

  /** The street of the nearest gazetteer address within 150 m (never its house number). */
  private async nearestStreet(
    tx: EntityManager,
    point: Point,
  ): Promise<{ publicAddress: string | null; zipcode: string | null }> {
    const box = boundingBox(point, 150);
    const rows = await tx.query<{ street: string; zipcode: string; lat: number; long: number }[]>(
      `SELECT street, zipcode, lat, long FROM gazetteer
       WHERE point(long, lat) <@ box(point($3, $1), point($4, $2)) LIMIT 200`,
      [box.min.lat, box.max.lat, box.min.long, box.max.long],
    );
    const best = rows
      .map((row) => ({ ...row, d: distanceMetres(point, row) }))
      .filter((row) => row.d <= 150)
      .sort((a, b) => a.d - b.d)[0];
    return { publicAddress: best?.street ?? null, zipcode: best?.zipcode ?? null };
  }

  private async likelyOriginal(
    tx: EntityManager,
    service: CatalogueService,
    point: Point,
    now: Date,
  ): Promise<{ id: string; distance: number } | undefined> {
    if (service.duplicateRadiusMetres === 0) return undefined;
    const box = boundingBox(point, service.duplicateRadiusMetres);
    const candidates = await this.requests.openNear(tx, {
      serviceCode: service.code,
      since: new Date(now.getTime() - service.duplicateWindowDays * DAY_MS),
      ...box,
    });
    return candidates
      .filter((c) => c.duplicateOf === null)
      .map((c) => ({ id: c.id, distance: distanceMetres(point, c) }))
      .filter((c) => c.distance <= service.duplicateRadiusMetres)
      .sort((a, b) => a.distance - b.distance)[0];
  }

  private async addMedia(
    tx: EntityManager,
    requestId: string,
    r: CreateComplaintRequest,
    at: Date,
  ) {
    for (const m of r.media ?? []) {
      const id = newId();
      await this.requests.addMedia(
        tx,
        {
          id,
          requestId,
          url: `${this.settings.COMPLAINTS_MEDIA_BASE_URL}${id}`,
          moderation: 'pending',
          storageKey: m.key,
          sha256: m.sha256,
          contentType: m.contentType,
          size: m.size,
        },
        at,
      );
    }
    for (const url of r.mediaUrls ?? [])
      await this.requests.addMedia(tx, { id: newId(), requestId, url, moderation: 'pending' }, at);
  }
}
