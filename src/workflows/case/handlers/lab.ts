/** A partner lab's DNA result for a sample the case ordered. */
import { setHandler } from '@temporalio/workflow';
import { checkLabResult, labReportRefusal, type LabReportRefusal } from '../../../domain/dna';
import { labResultSignal, rejection, reportLabResultUpdate, type LabResult, type RejectionType } from '../../messages';
import type { CaseRun } from '../run';
import { reject, type CaseMessages } from './messages';

const refusalTypes: Record<LabReportRefusal['refusal'], RejectionType> = {
  'unknown-sample': rejection.unknown,
  'other-lab': rejection.wrongParty,
  'changed-outcome': rejection.contradicts,
  'second-result': rejection.contradicts,
};

function recordLabResult(run: CaseRun, result: LabResult, sampleIndex: number): void {
  run.state.dna.samples[sampleIndex]!.result = {
    outcome: result.outcome,
    resultReference: result.resultReference,
    receivedAt: run.now(),
  };
  run.record('lab-result', { id: result.labId, role: 'lab' }, `${result.sampleId}: ${result.outcome}`, {
    outcome: result.outcome,
  });
}

/** The signal labs reported with before the message: cases whose histories hold it replay it as they ran it. */
export function registerLabResultSignal(run: CaseRun): void {
  const { state } = run;
  setHandler(labResultSignal, (result) => {
    const check = checkLabResult(state.dna.samples, result);
    if (check.accept) recordLabResult(run, result, check.sampleIndex);
    else if (!check.repeat)
      run.record('lab-result-ignored', { id: result.labId, role: 'lab' }, `${result.sampleId}: ${check.reason}`);
  });
}

export function registerLabMessages(messages: CaseMessages): void {
  const { run } = messages;
  const { state } = run;
  messages.on(
    reportLabResultUpdate,
    (report) => {
      const check = checkLabResult(state.dna.samples, report);
      if (check.accept) recordLabResult(run, report, check.sampleIndex);
      return { stage: state.stage, recorded: check.accept };
    },
    {
      validator: (report) => {
        messages.requireSender('reportLabResult', report.actor);
        const refused = labReportRefusal(state.dna.samples, report);
        if (refused) reject(refusalTypes[refused.refusal], refused.message);
      },
    },
  );
}
