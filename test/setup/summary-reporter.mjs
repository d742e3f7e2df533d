import { relative } from 'node:path';
import { writeFileSync } from 'node:fs';
import { stripVTControlCharacters } from 'node:util';

// The first lines of each failure's message: enough to tell which test failed and why when
// only the end of a long CI log is kept (Jest prints the whole failure far above).
const MESSAGE_LINES = 12;

const failuresOf = (results, rootDir) =>
  results.testResults.flatMap((file) => {
    const path = relative(rootDir, file.testFilePath);
    if (file.testExecError)
      return [{ path, title: '(the file did not run)', message: file.testExecError.message }];
    return file.testResults
      .filter((test) => test.status === 'failed')
      .map((test) => ({
        path,
        title: test.fullName,
        message: test.failureMessages.join('\n'),
      }));
  });

const brief = (message) =>
  stripVTControlCharacters(message ?? '')
    .split('\n')
    // Jest's and Node's own frames say nothing of the test.
    .filter(
      (line) =>
        line.trim() !== '' && !/\/node_modules\/|\(node:internal|\(<anonymous>\)/.test(line),
    )
    .slice(0, MESSAGE_LINES)
    .map((line) => `    ${line}`)
    .join('\n');

export const describeFailures = (failures) =>
  failures.map((f) => `FAILED ${f.path} › ${f.title}\n${brief(f.message)}\n`).join('');

// Prints one plain closing line ("tests: N passed, N failed, N skipped") that CI reads, after
// a short account of each failure.
export default class SummaryReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onRunComplete(_contexts, results) {
    const {
      numPassedTests,
      numFailedTests,
      numPendingTests,
      numTodoTests,
      numRuntimeErrorTestSuites,
    } = results;
    const failed = numFailedTests + numRuntimeErrorTestSuites;
    const failures = failuresOf(results, this.rootDir);
    // Under test/setup/run-tiers.mjs, which sums both of its Jest processes into one line.
    if (process.env.CIVIC_TEST_SUMMARY_FILE) {
      writeFileSync(
        process.env.CIVIC_TEST_SUMMARY_FILE,
        JSON.stringify({
          passed: numPassedTests,
          failed,
          skipped: numPendingTests + numTodoTests,
          failures,
        }),
      );
      return;
    }
    process.stdout.write(
      `${describeFailures(failures)}tests: ${numPassedTests} passed, ${failed} failed, ${numPendingTests + numTodoTests} skipped\n`,
    );
  }
}
