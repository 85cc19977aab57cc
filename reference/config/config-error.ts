/** A bad configuration value; `variable` names the env variable so the message can say what to fix. */
export class ReferenceConfigError extends Error {
  readonly code = 'REF_CONFIG_INVALID';
  readonly variable: string;

  constructor(variable: string, problem: string) {
    super(`${variable}: ${problem}`);
    this.name = 'ReferenceConfigError';
    this.variable = variable;
  }
}
