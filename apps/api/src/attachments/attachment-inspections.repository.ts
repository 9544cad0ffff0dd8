import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AttachmentInspectionStatus } from './attachment-inspection.entity';

/** An attachment of a request, with the inspectors that already looked at it. */
export interface InspectableAttachment {
  id: string;
  messageId: string;
  filename: string;
  contentType: string;
  size: number;
  storageKey: string;
  inspectedBy: string[];
}

export interface InspectionOutcome {
  attachmentId: string;
  inspector: string;
  status: AttachmentInspectionStatus;
  kind: string | null;
  report: unknown;
  error: string | null;
}

export interface StoredInspection extends InspectionOutcome {
  inspectedAt: Date;
}

/** Every query of attachment inspection (issue 20). */
@Injectable()
export class AttachmentInspectionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The request's attachments, each with the names of the inspectors that have a row for it. */
  async attachmentsOfTicket(ticketId: string): Promise<InspectableAttachment[]> {
    const rows: { id: string; message_id: string; filename: string; content_type: string; size: number; storage_key: string; inspected_by: string[] }[] = await this.dataSource.query(
      `SELECT a.id, a.message_id, a.filename, a.content_type, a.size, a.storage_key,
              COALESCE(array_agg(i.inspector) FILTER (WHERE i.inspector IS NOT NULL), '{}') AS inspected_by
         FROM attachments a LEFT JOIN attachment_inspections i ON i.attachment_id = a.id
        WHERE a.ticket_id = $1
        GROUP BY a.id
        ORDER BY a.message_id, a.position`,
      [ticketId],
    );
    return rows.map((row) => ({
      id: row.id,
      messageId: String(row.message_id),
      filename: row.filename,
      contentType: row.content_type,
      size: row.size,
      storageKey: row.storage_key,
      inspectedBy: row.inspected_by,
    }));
  }

  /** Written once: a repeated event (delivery is at least once) or a second instance changes nothing. */
  async record(outcome: InspectionOutcome): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO attachment_inspections (attachment_id, inspector, status, kind, report, error)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6)
       ON CONFLICT (attachment_id, inspector) DO NOTHING`,
      [outcome.attachmentId, outcome.inspector, outcome.status, outcome.kind, outcome.report === null || outcome.report === undefined ? null : JSON.stringify(outcome.report), outcome.error],
    );
  }

  async forAttachments(attachmentIds: readonly string[]): Promise<StoredInspection[]> {
    if (attachmentIds.length === 0) return [];
    const rows: { attachment_id: string; inspector: string; status: AttachmentInspectionStatus; kind: string | null; report: unknown; error: string | null; inspected_at: Date }[] =
      await this.dataSource.query(
        `SELECT attachment_id, inspector, status, kind, report, error, inspected_at FROM attachment_inspections WHERE attachment_id = ANY($1::uuid[]) ORDER BY inspector`,
        [attachmentIds],
      );
    return rows.map((row) => ({ attachmentId: row.attachment_id, inspector: row.inspector, status: row.status, kind: row.kind, report: row.report, error: row.error, inspectedAt: row.inspected_at }));
  }
}
