import { sendDigest } from '../../src/digest-delivery/send-digest.ts';
import { sendDigestJob } from '../../src/jobs/job-definitions.ts';
import { registerJob } from '../../src/jobs/job-registry.ts';

export const sendDigestHandler = registerJob(sendDigestJob, ({ athleteId, weekStart }, context) =>
  sendDigest(context, athleteId, weekStart),
);
