/**
 * Secrets: values (passwords) that must never be written in plain text to cdk.tf.json. A Secret
 * is a reference Terraform resolves at plan time (an ephemeral sensitive variable, or a token
 * such as a data source attribute); the construct library never sees the value. Constructs give
 * it to the write-only form of the provider's attributes (`password_wo`), so it is not stored in
 * the plan or the state either; its `version` says when to send it again.
 */
import { TerraformStack, TerraformVariable, Token } from 'cdktf';
import type { IConstruct } from 'constructs';
import { makeEphemeral } from './private/write-only';

/** Options of every {@link Secret}. */
export interface SecretOptions {
  /**
   * Version of the value. The provider sends a secret when its resource is created and whenever
   * this number changes: raise it (2, 3, ...) when the value changes, for example after a
   * rotation; a new value under the same version is not sent.
   * @default 1
   */
  readonly version?: number;
}

/** Options for {@link Secret.fromVariable}. */
export interface SecretVariableOptions extends SecretOptions {
  /**
   * Description of the Terraform variable, shown by `terraform plan` when it asks for a value.
   * @default a generic description naming the variable
   */
  readonly description?: string;
}

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function versionOf(options: SecretOptions): number {
  const v = options.version ?? 1;
  if (!Number.isInteger(v) || v < 1) throw new Error(`Secret version must be a whole number from 1 (raise it to send a new value); got ${v}.`);
  return v;
}

export class Secret {
  /**
   * A secret read from a sensitive, ephemeral Terraform variable named `name` (declared at the
   * top of the stack, once: asking again for the same name reuses it). Give its value with
   * `-var`, a `.tfvars` file or `TF_VAR_<name>`; being ephemeral, it is not kept in saved plan
   * files, so give it again when applying one. Ephemeral values go only to write-only attributes
   * and provider settings, which is where the constructs put secrets.
   */
  public static fromVariable(scope: IConstruct, name: string, options: SecretVariableOptions = {}): Secret {
    if (!VARIABLE_NAME.test(name)) throw new Error(`Secret variable name must be a Terraform identifier (letters, digits, _); got ${JSON.stringify(name)}.`);
    const stack = TerraformStack.of(scope);
    const existing = stack.node.tryFindChild(name);
    if (existing !== undefined) {
      if (existing instanceof TerraformVariable && existing.sensitive === true) return new Secret(existing.stringValue, name, versionOf(options));
      throw new Error(`Cannot use ${JSON.stringify(name)} as a secret variable: the stack already has a construct with that id that is not a sensitive variable.`);
    }
    const variable = new TerraformVariable(stack, name, {
      type: 'string',
      sensitive: true,
      description: options.description ?? `Secret ${name} (sensitive).`,
    });
    makeEphemeral(variable);
    return new Secret(variable.stringValue, name, versionOf(options));
  }

  /**
   * A secret Terraform reads from the environment variable `envName`, which must be
   * `TF_VAR_<variable>`: Terraform reads variables from the environment only under that prefix.
   * The value is read by Terraform at plan time, never by `cdktf synth`.
   *
   * @example Secret.fromEnv(stack, 'TF_VAR_ldap_bind_password')
   */
  public static fromEnv(scope: IConstruct, envName: string, options: SecretOptions = {}): Secret {
    const m = /^TF_VAR_(.+)$/.exec(envName);
    if (!m) throw new Error(`Secret.fromEnv needs a TF_VAR_<name> environment variable (Terraform reads no other); got ${JSON.stringify(envName)}. Use TF_VAR_${envName.toLowerCase()}.`);
    return Secret.fromVariable(scope, m[1], { ...options, description: `Secret ${m[1]} (sensitive), from the environment variable ${envName}.` });
  }

  /**
   * A secret from a Terraform variable the app declared itself; it must be `sensitive: true`.
   * Declare it ephemeral too (Terraform 1.10 and later) to keep its value out of saved plans.
   */
  public static fromTerraformVariable(variable: TerraformVariable, options: SecretOptions = {}): Secret {
    if (variable.sensitive !== true) throw new Error(`Variable ${variable.node.path} must be declared with sensitive: true to hold a secret.`);
    return new Secret(variable.stringValue, variable.node.id, versionOf(options));
  }

  /**
   * A secret from a token that Terraform resolves, such as an attribute of a secrets manager's
   * data source. A literal string is refused: it would be written to cdk.tf.json.
   */
  public static fromToken(token: string, options: SecretOptions = {}): Secret {
    if (!Token.isUnresolved(token)) throw new Error('Secret.fromToken needs a token (a reference Terraform resolves); a literal string would be written to cdk.tf.json in plain text. Use Secret.fromVariable or Secret.fromEnv.');
    return new Secret(token, 'token', versionOf(options));
  }

  private constructor(
    /**
     * The reference Terraform resolves (a token, never the value). The constructs give it to
     * write-only attributes; from a Secret.fromVariable or fromEnv it is ephemeral, so Terraform
     * accepts it only there and in provider settings.
     */
    public readonly value: string,
    /** What the secret is, for messages (a variable name): never the value. */
    public readonly description: string,
    /** When to send the value again: see {@link SecretOptions.version}. */
    public readonly version: number,
  ) {}

  /** Secrets do not print themselves: this returns a placeholder, not the value or the token. */
  public toString(): string {
    return `<secret ${this.description}>`;
  }
}
