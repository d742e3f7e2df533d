import { authorization } from '../../api/client';

/**
 * Saves a file the API answers (a receipt, a certificate, a document) under `fileName`: fetched
 * with the page's access token (which only lives in memory, so a plain link could not carry it)
 * and handed to the browser as a download.
 */
export async function downloadFile(
  path: string,
  accept: string,
  fileName: string,
): Promise<boolean> {
  const auth = authorization();
  const response = await fetch(path, {
    headers: { accept, ...(auth ? { authorization: auth } : {}) },
    credentials: 'same-origin',
  });
  if (!response.ok) return false;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return true;
}

export interface UploadAnswer {
  status: number;
  body: unknown;
}

/**
 * Uploads a document through the gateway's upload route (multipart: `kind` before `file`) with
 * XMLHttpRequest, whose upload events report progress (fetch has none for request bodies).
 */
export function uploadDocument(
  applicationId: string,
  kind: string,
  file: File,
  key: string,
  onProgress: (fraction: number) => void,
): Promise<UploadAnswer> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', `/api/v1/applications/${encodeURIComponent(applicationId)}/documents`);
    const auth = authorization();
    if (auth) request.setRequestHeader('authorization', auth);
    request.setRequestHeader('idempotency-key', key);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    request.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(request.responseText);
      } catch {
        body = undefined;
      }
      resolve({ status: request.status, body });
    };
    request.onerror = () => reject(new Error('upload failed'));
    const form = new FormData();
    form.append('kind', kind);
    form.append('file', file, file.name);
    request.send(form);
  });
}
