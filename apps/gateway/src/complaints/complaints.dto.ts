import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { ComplaintReportFields } from '#contracts';

/*
 * The complaints routes take their bodies and queries as the request classes of
 * libs/contracts/src/rpc/complaints.rpc.ts and answer with its reply classes. What is the
 * gateway's own: the multipart form's description, path parameters and the template body.
 */

/** `POST /api/v1/complaints` as multipart/form-data: the JSON body's fields, and a photo. */
export class ComplaintForm extends ComplaintReportFields {
  @ApiPropertyOptional({
    type: 'string',
    format: 'binary',
    description:
      'A photo (JPEG, PNG, WebP or GIF by its content); EXIF and PNG text are stripped before it is stored. Attributes are sent as `attribute[code]` fields, repeated for a multi-value list, or as one `attributes` part holding the JSON object.',
  })
  media?: unknown;
}

/** The body of `PUT /api/v1/complaints/templates/{status}/{lang}`. */
export class TemplateTextBody {
  @ApiProperty({ minLength: 1, maxLength: 2000, example: 'We are looking into it.' })
  @IsString()
  @Length(1, 2000)
  text: string;
}

export const MEDIA_ID_PARAM = { name: 'mediaId', type: String, format: 'uuid' } as const;
