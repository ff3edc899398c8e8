import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One message of the feedback thread of a report, between the reporting organisation's people
 * (those who may read the report) and the secretariat. Messages are never edited or deleted.
 */
@Entity({ name: 'incident_feedback_messages' })
@Index('incident_feedback_messages_report_created', ['reportId', 'createdAt'])
export class IncidentFeedbackMessageEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'report_id', type: 'uuid' })
  reportId: string;

  @Column({ name: 'author_id', type: 'uuid' })
  authorId: string;

  /** Written by the secretariat (shown to the reporter's side as "Secretariat", without a name). */
  @Column({ name: 'from_secretariat', type: 'boolean' })
  fromSecretariat: boolean;

  @Column({ type: 'varchar', length: 4000 })
  body: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
