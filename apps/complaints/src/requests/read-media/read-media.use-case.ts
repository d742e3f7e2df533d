import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ComplaintsErrors, type RequestActor, type StoredMediaView } from '#contracts';
import { isStaff } from '../../staff/staff.js';
import { RequestRepository } from '../request.repository.js';

/**
 * Where a photo's bytes are, for the gateway to serve its `media_url`: an approved photo to
 * anyone, one not (yet) approved to staff only (the public cannot tell it from none).
 */
@Injectable()
export class ReadMediaUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly requests: RequestRepository,
  ) {}

  async execute(user: RequestActor | undefined, mediaId: string): Promise<StoredMediaView> {
    const m = await this.requests.mediaFile(this.dataSource.manager, mediaId);
    if (!m || (m.moderation !== 'approved' && !isStaff(user)))
      throw ComplaintsErrors.mediaNotFound();
    return { storageKey: m.storageKey, contentType: m.contentType, size: m.size, sha256: m.sha256 };
  }
}
