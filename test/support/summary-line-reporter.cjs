/**
 * Ends every `npm test` with one line `jest: N passed, M failed` (what CI and people read; Jest's own
 * summary spreads the same numbers over several lines). A test file that could not run counts as
 * failed, as it does in .ci/run.
 */
class SummaryLineReporter {
  onRunComplete(_contexts, results) {
    const unrunnable = results.numRuntimeErrorTestSuites ?? 0;
    const failed = results.numFailedTests + unrunnable;
    process.stdout.write(`jest: ${results.numPassedTests} passed, ${failed} failed\n`);
  }
}

module.exports = SummaryLineReporter;
