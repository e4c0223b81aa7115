/** A command line the tool cannot run: the message says what to change (exit code 2). */
export class UsageError extends Error {}
