import { Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import type { ComplaintStatus, ServicePutRequest, TemplateView } from '#contracts';
import type { CatalogueAttribute, CatalogueService } from './catalogue.js';

interface ServiceRow {
  code: string;
  group_code: string;
  group_names: Record<string, string>;
  department_code: string;
  department_names: Record<string, string>;
  priority: CatalogueService['priority'];
  type: CatalogueService['type'];
  names: Record<string, string>;
  descriptions: Record<string, string>;
  keywords: string[];
  triage_days: number;
  resolution_days: number;
  reopen_window_days: number;
  duplicate_radius_metres: number;
  duplicate_window_days: number;
  active: boolean;
  attributes: {
    code: string;
    datatype: CatalogueAttribute['datatype'];
    required: boolean;
    ord: number;
    descriptions: Record<string, string>;
    values: { key: string; name: string }[];
  }[];
}

const SELECT_SERVICES = `
  SELECT s.*, g.names AS group_names, d.names AS department_names,
         COALESCE((SELECT json_agg(a ORDER BY a.ord) FROM service_attributes a
                   WHERE a.service_code = s.code), '[]') AS attributes
  FROM services s
  JOIN service_groups g ON g.code = s.group_code
  JOIN departments d ON d.code = s.department_code`;

const toService = (r: ServiceRow): CatalogueService => ({
  code: r.code,
  groupCode: r.group_code,
  groupNames: r.group_names,
  departmentCode: r.department_code,
  departmentNames: r.department_names,
  priority: r.priority,
  type: r.type,
  names: r.names,
  descriptions: r.descriptions,
  keywords: r.keywords,
  triageDays: r.triage_days,
  resolutionDays: r.resolution_days,
  reopenWindowDays: r.reopen_window_days,
  duplicateRadiusMetres: r.duplicate_radius_metres,
  duplicateWindowDays: r.duplicate_window_days,
  active: r.active,
  attributes: r.attributes.map((a) => ({
    code: a.code,
    datatype: a.datatype,
    required: a.required,
    order: a.ord,
    descriptions: a.descriptions,
    values: a.values,
  })),
});

/**
 * How long a cached catalogue read is trusted. An edit through this process forgets the cache
 * at once (before and after its commit); another instance of the service sees it after this.
 */
export const CATALOGUE_CACHE_MS = 5_000;

interface Cached<T> {
  value: T;
  until: number;
}

/** Cached reads per database (a test process may hold several data sources). */
const caches = new WeakMap<DataSource, Map<string, Cached<unknown>>>();

/** The catalogue's SQL (services, attributes, departments, groups, templates). */
@Injectable()
export class CatalogueRepository {
  /**
   * `find`, cached CATALOGUE_CACHE_MS: what every report reads (its service, attributes and
   * SLA), which changes only when an admin edits the catalogue. Read outside the caller's
   * transaction's snapshot; edits use `find`.
   */
  findCached(tx: EntityManager, code: string): Promise<CatalogueService | undefined> {
    return this.cached(tx, `service:${code}`, () => this.find(tx, code));
  }

  /** `template`, cached as `findCached` is. */
  templateCached(tx: EntityManager, status: ComplaintStatus, lang: string) {
    return this.cached(tx, `template:${status}:${lang}`, () => this.template(tx, status, lang));
  }

  /** Forgets the cached reads of the database `tx` (or a data source) works on. */
  forget(on: EntityManager | DataSource): void {
    caches.delete('manager' in on ? on : on.connection);
  }

  private async cached<T>(tx: EntityManager, key: string, read: () => Promise<T>): Promise<T> {
    let cache = caches.get(tx.connection);
    if (!cache) caches.set(tx.connection, (cache = new Map<string, Cached<unknown>>()));
    const hit = cache.get(key) as Cached<T> | undefined;
    if (hit && hit.until > Date.now()) return hit.value;
    const value = await read();
    cache.set(key, { value, until: Date.now() + CATALOGUE_CACHE_MS });
    return value;
  }

  async list(tx: EntityManager, options: { activeOnly: boolean }): Promise<CatalogueService[]> {
    const rows = await tx.query<ServiceRow[]>(
      `${SELECT_SERVICES} ${options.activeOnly ? 'WHERE s.active' : ''} ORDER BY g.code, s.code`,
    );
    return rows.map(toService);
  }

  async find(tx: EntityManager, code: string): Promise<CatalogueService | undefined> {
    const rows = await tx.query<ServiceRow[]>(`${SELECT_SERVICES} WHERE s.code = $1`, [code]);
    return rows[0] && toService(rows[0]);
  }

  async departmentExists(tx: EntityManager, code: string): Promise<boolean> {
    const rows = await tx.query<unknown[]>('SELECT 1 FROM departments WHERE code = $1', [code]);
    return rows.length > 0;
  }

  async groupExists(tx: EntityManager, code: string): Promise<boolean> {
    const rows = await tx.query<unknown[]>('SELECT 1 FROM service_groups WHERE code = $1', [code]);
    return rows.length > 0;
  }

  async putDepartment(
    tx: EntityManager,
    code: string,
    names: Record<string, string>,
  ): Promise<void> {
    this.forget(tx);
    await tx.query(
      'INSERT INTO departments (code, names) VALUES ($1, $2) ON CONFLICT (code) DO UPDATE SET names = EXCLUDED.names',
      [code, JSON.stringify(names)],
    );
  }

  async putGroup(tx: EntityManager, code: string, names: Record<string, string>): Promise<void> {
    this.forget(tx);
    await tx.query(
      'INSERT INTO service_groups (code, names) VALUES ($1, $2) ON CONFLICT (code) DO UPDATE SET names = EXCLUDED.names',
      [code, JSON.stringify(names)],
    );
  }

  /** Creates or replaces a service and its attributes (its version goes up on a change). */
  async putService(tx: EntityManager, s: ServicePutRequest): Promise<void> {
    this.forget(tx);
    await tx.query(
      `INSERT INTO services (code, group_code, department_code, priority, names, descriptions,
         keywords, triage_days, resolution_days, reopen_window_days, duplicate_radius_metres,
         duplicate_window_days, active)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (code) DO UPDATE SET group_code = EXCLUDED.group_code,
         department_code = EXCLUDED.department_code, priority = EXCLUDED.priority,
         names = EXCLUDED.names, descriptions = EXCLUDED.descriptions, keywords = EXCLUDED.keywords,
         triage_days = EXCLUDED.triage_days, resolution_days = EXCLUDED.resolution_days,
         reopen_window_days = EXCLUDED.reopen_window_days,
         duplicate_radius_metres = EXCLUDED.duplicate_radius_metres,
         duplicate_window_days = EXCLUDED.duplicate_window_days, active = EXCLUDED.active,
         version = services.version + 1, updated_at = now()`,
      [
        s.serviceCode,
        s.groupCode,
        s.departmentCode,
        s.priority,
        JSON.stringify(s.names),
        JSON.stringify(s.descriptions),
        s.keywords,
        s.triageDays,
        s.resolutionDays,
        s.reopenWindowDays,
        s.duplicateRadiusMetres,
        s.duplicateWindowDays,
        s.active,
      ],
    );
    await tx.query('DELETE FROM service_attributes WHERE service_code = $1', [s.serviceCode]);
    for (const a of s.attributes)
      await tx.query(
        `INSERT INTO service_attributes (service_code, code, datatype, required, ord, descriptions, "values")
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          s.serviceCode,
          a.code,
          a.datatype,
          a.required,
          a.order,
          JSON.stringify(a.description),
          JSON.stringify(a.values ?? []),
        ],
      );
  }

  async templates(tx: EntityManager, lang?: string): Promise<TemplateView[]> {
    return tx.query<TemplateView[]>(
      `SELECT status, lang, text FROM response_templates
       WHERE $1::text IS NULL OR lang = $1 ORDER BY status, lang`,
      [lang ?? null],
    );
  }

  /** The template of a status in `lang`, else in English. */
  async template(
    tx: EntityManager,
    status: ComplaintStatus,
    lang: string,
  ): Promise<string | undefined> {
    const rows = await tx.query<{ text: string }[]>(
      `SELECT text FROM response_templates WHERE status = $1 AND lang IN ($2, 'en')
       ORDER BY (lang = $2) DESC LIMIT 1`,
      [status, lang],
    );
    return rows[0]?.text;
  }

  async putTemplate(tx: EntityManager, t: TemplateView): Promise<void> {
    this.forget(tx);
    await tx.query(
      `INSERT INTO response_templates (status, lang, text) VALUES ($1, $2, $3)
       ON CONFLICT (status, lang) DO UPDATE SET text = EXCLUDED.text`,
      [t.status, t.lang, t.text],
    );
  }
}
