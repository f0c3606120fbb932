/**
 * The background job that runs an uploaded import. A job that dies with its process is run again
 * by the queue and resumes after its checkpoint; the uploaded file is removed once the import
 * has ended for good (succeeded, failed on the file, or cancelled).
 */
import { rm } from 'node:fs/promises';
import type { Database } from '../../core/db/database.js';
import { JobTask, type TenantJobData } from '../../core/jobs/jobs.js';
import { executeImportJob, getImportJob } from './import-jobs.service.js';

export interface ImportJobData extends TenantJobData {
  importJobId: string;
}

export class RunImportTask extends JobTask<ImportJobData> {
  readonly name = 'run-import';
  override readonly retryLimit = 3;
  override readonly retryDelaySeconds = 30;
  override readonly expireInSeconds = 4 * 60 * 60;

  constructor(
    private readonly dataDir: string,
    private readonly finished: (tenantId: string, eventIds: readonly string[]) => void = () =>
      undefined,
  ) {
    super();
  }

  async run(data: ImportJobData, context: { db: Database }): Promise<void> {
    const job = await getImportJob(context.db, data.tenantId, data.importJobId);
    if (job === null || job.status === 'succeeded' || job.status === 'cancelled') {
      return;
    }
    const { job: ended, eventIds } = await executeImportJob(context.db, data.tenantId, job.id, {
      dataDir: this.dataDir,
    });
    if (ended.filePath !== null) {
      await rm(ended.filePath, { force: true });
    }
    this.finished(data.tenantId, eventIds);
  }
}
