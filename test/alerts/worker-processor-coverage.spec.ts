import { describe, expect, it } from '@jest/globals';
import type { BullRegistrar } from '@nestjs/bullmq';
import type { DiscoveryService } from '@nestjs/core';
import { DeliveryProcessor } from '../../apps/worker/src/alerts/delivery.processor';
import { DigestProcessor } from '../../apps/worker/src/alerts/digest.processor';
import { EscalationProcessor } from '../../apps/worker/src/alerts/escalation.processor';
import { FanoutProcessor } from '../../apps/worker/src/alerts/fanout.processor';
import { IncidentDeliveryProcessor } from '../../apps/worker/src/incidents/incident-delivery.processor';
import type { JobProcessor } from '../../apps/worker/src/queues/job-processor';
import { assertProcessorsCoverQueues } from '../../apps/worker/src/queues/processor-coverage';
import { ProcessorRegistration } from '../../apps/worker/src/queues/processor-registration';
import { WORKER_QUEUES } from '../../apps/worker/src/queues/worker-queue-definitions';
import { DIGEST_QUEUE, DIGEST_SEND_JOB } from '../../libs/alerts/src/digest/alert-digest.service';
import { DELIVERY_QUEUE } from '../../libs/alerts/src/queues/alert-queues';

/** The worker's processors, built without their services: only their handler tables are looked at. */
function processors(): JobProcessor[] {
  const none = undefined as never;
  return [
    new FanoutProcessor(none, none, none),
    new DeliveryProcessor(none, none, none, none),
    new EscalationProcessor(none, none, none),
    new DigestProcessor(none, none, none, none, none),
    new IncidentDeliveryProcessor(none, none, none, none),
  ];
}

/** Starts the registration over these processors; says whether the workers were built. */
function start(list: JobProcessor[]): { registered: () => boolean; run: () => void } {
  let registered = false;
  const discovery = { getProviders: () => list.map((instance) => ({ instance })) } as unknown as DiscoveryService;
  const registrar = { register: () => (registered = true) } as unknown as BullRegistrar;
  return { registered: () => registered, run: () => new ProcessorRegistration(discovery, registrar).onApplicationBootstrap() };
}

describe('the worker refuses to start unless every job name of every queue has a handler', () => {
  it('the worker as built handles every job name of its queues', () => {
    expect(() =>
      assertProcessorsCoverQueues(
        WORKER_QUEUES,
        processors().map((processor) => ({ queue: processor.queueName, handles: processor.handledJobNames() })),
      ),
    ).not.toThrow();
  });

  it('a job name without a handler stops the start before any worker is built', () => {
    const list = processors();
    const digest = list.find((processor) => processor.queueName === DIGEST_QUEUE) as unknown as { handlers: Record<string, unknown> };
    const { [DIGEST_SEND_JOB]: _dropped, ...rest } = digest.handlers;
    Object.defineProperty(digest, 'handlers', { value: rest });
    const boot = start(list);
    expect(boot.run).toThrow(`queue '${DIGEST_QUEUE}' has no handler for job '${DIGEST_SEND_JOB}'`);
    expect(boot.registered()).toBe(false);
  });

  it('a queue without a processor stops the start', () => {
    const boot = start(processors().filter((processor) => processor.queueName !== DELIVERY_QUEUE));
    expect(boot.run).toThrow(`queue '${DELIVERY_QUEUE}' has no processor`);
    expect(boot.registered()).toBe(false);
  });

  it('a processor of an undefined queue, or two for one queue, is reported too', () => {
    expect(() =>
      assertProcessorsCoverQueues(
        [{ queue: 'a', jobNames: ['x'] }],
        [
          { queue: 'a', handles: ['x'] },
          { queue: 'a', handles: ['x'] },
          { queue: 'b', handles: ['y'] },
        ],
      ),
    ).toThrow("queue 'a' has 2 processors; a processor serves queue 'b', which no queue definition names");
  });
});
