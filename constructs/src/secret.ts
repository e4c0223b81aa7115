/**
 * Secrets: values (passwords) that must never be written in plain text to cdk.tf.json. A Secret
 * is a reference Terraform resolves at plan time (a sensitive variable, or a token such as a
 * data source attribute); the construct library never sees the value.
 */
import { TerraformStack, TerraformVariable, Token } from 'cdktf';
import type { IConstruct } from 'constructs';

/** Options for {@link Secret.fromVariable}. */
export interface SecretVariableOptions {
  /**
   * Description of the Terraform variable, shown by `terraform plan` when it asks for a value.
   * @default a generic description naming the variable
   */
  readonly description?: string;
}

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export class Secret {
  /**
   * A secret read from a sensitive Terraform variable named `name` (declared at the top of the
   * stack, once: asking again for the same name reuses it). Give its value with `-var`, a
   * `.tfvars` file or `TF_VAR_<name>`.
   */
  public static fromVariable(scope: IConstruct, name: string, options: SecretVariableOptions = {}): Secret {
    if (!VARIABLE_NAME.test(name)) throw new Error(`Secret variable name must be a Terraform identifier (letters, digits, _); got ${JSON.stringify(name)}.`);
    const stack = TerraformStack.of(scope);
    const existing = stack.node.tryFindChild(name);
    if (existing !== undefined) {
      if (existing instanceof TerraformVariable && existing.sensitive === true) return new Secret(existing.stringValue, name);
      throw new Error(`Cannot use ${JSON.stringify(name)} as a secret variable: the stack already has a construct with that id that is not a sensitive variable.`);
    }
    const variable = new TerraformVariable(stack, name, {
      type: 'string',
      sensitive: true,
      description: options.description ?? `Secret ${name} (sensitive).`,
    });
    return new Secret(variable.stringValue, name);
  }

  /**
   * A secret Terraform reads from the environment variable `envName`, which must be
   * `TF_VAR_<variable>`: Terraform reads variables from the environment only under that prefix.
   * The value is read by Terraform at plan time, never by `cdktf synth`.
   *
   * @example Secret.fromEnv(stack, 'TF_VAR_ldap_bind_password')
   */
  public static fromEnv(scope: IConstruct, envName: string): Secret {
    const m = /^TF_VAR_(.+)$/.exec(envName);
    if (!m) throw new Error(`Secret.fromEnv needs a TF_VAR_<name> environment variable (Terraform reads no other); got ${JSON.stringify(envName)}. Use TF_VAR_${envName.toLowerCase()}.`);
    return Secret.fromVariable(scope, m[1], { description: `Secret ${m[1]} (sensitive), from the environment variable ${envName}.` });
  }

  /** A secret from a Terraform variable the app declared itself; it must be `sensitive: true`. */
  public static fromTerraformVariable(variable: TerraformVariable): Secret {
    if (variable.sensitive !== true) throw new Error(`Variable ${variable.node.path} must be declared with sensitive: true to hold a secret.`);
    return new Secret(variable.stringValue, variable.node.id);
  }

  /**
   * A secret from a token that Terraform resolves, such as an attribute of a secrets manager's
   * data source. A literal string is refused: it would be written to cdk.tf.json.
   */
  public static fromToken(token: string): Secret {
    if (!Token.isUnresolved(token)) throw new Error('Secret.fromToken needs a token (a reference Terraform resolves); a literal string would be written to cdk.tf.json in plain text. Use Secret.fromVariable or Secret.fromEnv.');
    return new Secret(token, 'token');
  }

  private constructor(
    /** The reference to pass to a sensitive L1 attribute (a token, never the value). */
    public readonly value: string,
    /** What the secret is, for messages (a variable name): never the value. */
    public readonly description: string,
  ) {}

  /** Secrets do not print themselves: this returns a placeholder, not the value or the token. */
  public toString(): string {
    return `<secret ${this.description}>`;
  }
}
