import {
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { Observable } from 'rxjs';
import { COMPLAINTS_REQUEST_CHECK } from '#contracts';
import { NatsBus } from '#platform';
import { ComplaintFormReceiver } from '../complaints/complaint-form.interceptor.js';
import { formOf, type FormBody } from './open311-form.js';
import { Open311Reports } from './open311-reports.js';

/**
 * `POST requests.{fmt}` sent as multipart/form-data (FixMyStreet's way with a photo): taken as
 * the REST route's report is (`ComplaintFormReceiver`: the `media` photo typed by its bytes,
 * EXIF stripped, the scanning hook, the upload limit), its fields kept as the urlencoded form
 * has them, in any order. Before the photo is stored, the whole form is checked: the
 * jurisdiction, the `api_key`, and the report as the service would check it
 * (`complaints.request.check`), so a refused report leaves no file behind. A form-urlencoded
 * post passes untouched.
 */
@Injectable()
export class Open311FormInterceptor implements NestInterceptor {
  constructor(
    private readonly receiver: ComplaintFormReceiver,
    private readonly reports: Open311Reports,
    private readonly nats: NatsBus,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    await this.receiver.receive(context, {
      bodyOf: formOf,
      beforeStore: async (form) => {
        const report = await this.reports.reportOf(form as FormBody);
        await this.nats.client.request(COMPLAINTS_REQUEST_CHECK, report);
      },
    });
    return next.handle();
  }
}
