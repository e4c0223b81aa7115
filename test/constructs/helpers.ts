/**
 * Synth helpers for the construct tests: a fresh stack, its synthesized Terraform JSON with
 * validations run, the resources of one type, and the warnings the rules added.
 */
import { AnnotationMetadataEntryType, DefaultTokenResolver, StringConcat, Testing, TerraformStack, Tokenization } from 'cdktf';
import type { App } from 'cdktf';
import type { Construct } from 'constructs';
import { MeetingServer } from '../../constructs/src';
import type { MeetingServerProps } from '../../constructs/src';

export type Json = Record<string, unknown>;

export interface Synthesized {
  /** The whole cdk.tf.json as an object. */
  readonly json: Json;
  /** The text of cdk.tf.json. */
  readonly text: string;
  /** Warnings (annotation texts) anywhere in the stack. */
  readonly warnings: string[];
  /** Resources of a type, by logical id. */
  resources(type: string): Record<string, Json>;
  /** The only resource of a type (fails when there are several). */
  only(type: string): Json;
  /** Data sources of a type, by logical id. */
  dataSources(type: string): Record<string, Json>;
  /** Provider blocks of the cms provider. */
  providers(): Json[];
  outputs(): Record<string, Json>;
}

export function newStack(app: App = Testing.app()): TerraformStack {
  return new TerraformStack(app, 'test');
}

export function warningsOf(stack: TerraformStack): string[] {
  return stack.node
    .findAll()
    .flatMap((c) => c.node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.WARN).map((m) => String(m.data)));
}

/** Synthesizes with validations (errors throw, as in cdktf synth). */
export function synth(stack: TerraformStack): Synthesized {
  const text = Testing.synth(stack, true);
  const json = JSON.parse(text) as Json;
  const block = (key: string, type: string): Record<string, Json> => ((json[key] as Record<string, Record<string, Json>> | undefined)?.[type] ?? {});
  return {
    json,
    text,
    warnings: warningsOf(stack),
    resources: (type) => block('resource', type),
    dataSources: (type) => block('data', type),
    only(type) {
      const all = Object.values(block('resource', type));
      if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
      return all[0];
    },
    providers: () => {
      const p = (json.provider as Record<string, Json[] | Json> | undefined)?.cms;
      return p === undefined ? [] : Array.isArray(p) ? p : [p];
    },
    outputs: () => (json.output as Record<string, Json> | undefined) ?? {},
  };
}

/** The warnings about one rule. */
export function warningsFor(s: Synthesized, rule: string): string[] {
  return s.warnings.filter((w) => w.startsWith(`[${rule}]`));
}

/** What a token resolves to in the stack, as it would be written to cdk.tf.json. */
export function resolve(stack: TerraformStack, value: string): unknown {
  return Tokenization.resolve(value, { scope: stack, resolver: new DefaultTokenResolver(new StringConcat()) });
}

/** A MeetingServer named `name` at https://<name>.example.com:445. */
export function meetingServer(scope: Construct, name: string, props: Partial<MeetingServerProps> = {}): MeetingServer {
  return new MeetingServer(scope, name, { name, apiUrl: `https://${name}.example.com:445`, ...props });
}
