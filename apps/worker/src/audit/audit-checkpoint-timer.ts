import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { checkpointSigner, type CheckpointSigner } from '@app/audit/checkpoints/checkpoint-signature';
import { writeCheckpoint } from '@app/audit/checkpoints/checkpoint-store';
import { Clock } from '@app/platform/clock/clock';
import { AUDIT_CHECKPOINT_SETTINGS, type AuditCheckpointSettings } from './audit-checkpoint-settings';

/**
 * Checkpoints the audit chain's head when the worker starts and every intervalMs after the
 * previous one finished (a timer, not a BullMQ repeatable job: a checkpoint needs no queue, and
 * several workers each writing one is harmless). A failure is logged and tried again next time.
 */
@Injectable()
export class AuditCheckpointTimer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('AuditCheckpoint');
  private readonly signer: CheckpointSigner;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopping = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(AUDIT_CHECKPOINT_SETTINGS) private readonly settings: AuditCheckpointSettings,
    private readonly clock: Clock,
  ) {
    this.signer = checkpointSigner(settings.seed);
  }

  onApplicationBootstrap(): void {
    if (!this.settings.dir) this.logger.warn('COUNCIL_AUDIT_CHECKPOINT_DIR is not set: audit checkpoints are kept in the database only');
    this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.stopping) return;
    this.timer = setTimeout(() => {
      this.running = this.checkpoint().finally(() => {
        this.running = null;
        this.schedule(this.settings.intervalMs);
      });
    }, ms);
  }

  private async checkpoint(): Promise<void> {
    try {
      await writeCheckpoint(this.dataSource, this.signer, this.settings.dir, this.clock.now());
    } catch (error) {
      this.logger.warn(
        `audit checkpoint failed, trying again in ${this.settings.intervalMs} ms: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
