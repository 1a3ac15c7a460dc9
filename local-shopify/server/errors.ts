import {
  FieldsOnCorrectTypeRule,
  getNamedType,
  GraphQLError,
  Kind,
  KnownArgumentNamesRule,
  print,
  ProvidedRequiredArgumentsRule,
  ScalarLeafsRule,
  specifiedRules,
  TypeInfo,
  validate,
  ValuesOfCorrectTypeRule,
  visit,
  visitWithTypeInfo,
  type ASTNode,
  type DocumentNode,
  type GraphQLSchema,
  type ValidationRule,
} from "graphql";

/** The error object of Shopify's GraphQL responses. */
export interface ShopifyError {
  message: string;
  locations?: ReadonlyArray<{ line: number; column: number }>;
  path?: ReadonlyArray<string | number>;
  extensions?: Record<string, unknown>;
}

export const NOT_IMPLEMENTED = "NOT_IMPLEMENTED_IN_LOCAL_SHOPIFY";

/** Thrown for a part of the Admin API the local Shopify does not emulate, so the gap is visible. */
export function notImplemented(what: string): GraphQLError {
  return new GraphQLError(`${what} is not implemented by the local Shopify.`, {
    extensions: { code: NOT_IMPLEMENTED },
  });
}

export function badRequest(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "BAD_REQUEST" } });
}

/** Shopify (graphql-ruby) words parse errors as "syntax error, unexpected ... at [line, column]". */
export function shopifyParseError(error: GraphQLError): ShopifyError {
  const location = error.locations?.[0] ?? { line: 1, column: 1 };
  const found = /(?:found|Unexpected) (.+?)\.?$/.exec(error.message)?.[1] ?? "token";
  const unexpected = found === "<EOF>" ? "end of file" : found;
  return {
    message: `syntax error, unexpected ${unexpected} at [${location.line}, ${location.column}]`,
    locations: [location],
    extensions: { code: "PARSE_ERROR" },
  };
}

interface NodeInfo {
  path: string[];
  fieldName?: string;
  argumentName?: string;
  argumentType?: string;
}

/**
 * Where each field, argument and argument value sits, as graphql-ruby reports it: the path
 * starts with "query Name" (or "fragment Name") and continues with response keys.
 */
function describeNodes(schema: GraphQLSchema, document: DocumentNode): Map<ASTNode, NodeInfo> {
  const info = new Map<ASTNode, NodeInfo>();
  const typeInfo = new TypeInfo(schema);
  const stack: string[] = [];
  const fieldNames: string[] = [];
  let argument: NodeInfo | undefined;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      enter(node) {
        switch (node.kind) {
          case Kind.OPERATION_DEFINITION:
            stack.push(node.name ? `${node.operation} ${node.name.value}` : node.operation);
            break;
          case Kind.FRAGMENT_DEFINITION:
            stack.push(`fragment ${node.name.value}`);
            break;
          case Kind.FIELD:
            stack.push(node.alias?.value ?? node.name.value);
            fieldNames.push(node.name.value);
            info.set(node, { path: [...stack], fieldName: node.name.value });
            break;
          case Kind.ARGUMENT: {
            const definition = typeInfo.getArgument();
            argument = {
              path: [...stack, node.name.value],
              fieldName: fieldNames.at(-1),
              argumentName: node.name.value,
              argumentType: definition ? getNamedType(definition.type).name : undefined,
            };
            info.set(node, argument);
            break;
          }
          default:
            if (argument) info.set(node, argument);
        }
      },
      leave(node) {
        if (node.kind === Kind.OPERATION_DEFINITION || node.kind === Kind.FRAGMENT_DEFINITION) {
          stack.pop();
        } else if (node.kind === Kind.FIELD) {
          stack.pop();
          fieldNames.pop();
        } else if (node.kind === Kind.ARGUMENT) {
          argument = undefined;
        }
      },
    }),
  );
  return info;
}

const quoted = (message: string, pattern: RegExp) => pattern.exec(message)?.[1] ?? "";

type Translate = (error: GraphQLError, node: NodeInfo | undefined) => ShopifyError | null;

/**
 * graphql-js and graphql-ruby (Shopify) word the same validation failures differently. The
 * rules apps meet most are translated to Shopify's wording and codes; the rest keep
 * graphql-js's message with a graphql-ruby style code.
 */
const translations = new Map<ValidationRule, Translate>([
  [
    FieldsOnCorrectTypeRule,
    (error, node) => {
      const fieldName = node?.fieldName ?? quoted(error.message, /field "([^"]+)"/);
      const typeName = quoted(error.message, /on type "([^"]+)"/);
      return {
        message: `Field '${fieldName}' doesn't exist on type '${typeName}'`,
        extensions: { code: "undefinedField", typeName, fieldName },
      };
    },
  ],
  [
    KnownArgumentNamesRule,
    (error, node) => {
      const argumentName = node?.argumentName ?? quoted(error.message, /argument "([^"]+)"/);
      const fieldName = node?.fieldName ?? "";
      return {
        message: `Field '${fieldName}' doesn't accept argument '${argumentName}'`,
        extensions: { code: "argumentNotAccepted", name: fieldName, typeName: "Field", argumentName },
      };
    },
  ],
  [
    ProvidedRequiredArgumentsRule,
    (error, node) => {
      const fieldName = node?.fieldName ?? quoted(error.message, /Field "([^"]+)"/);
      const argumentName = quoted(error.message, /argument "([^"]+)"/);
      return {
        message: `Field '${fieldName}' is missing required arguments: ${argumentName}`,
        extensions: {
          code: "missingRequiredArguments",
          className: "Field",
          name: fieldName,
          arguments: argumentName,
        },
      };
    },
  ],
  [
    ScalarLeafsRule,
    (error, node) => {
      const fieldName = node?.fieldName ?? quoted(error.message, /Field "([^"]+)"/);
      const typeName = quoted(error.message, /type "([^"!\]]+)/).replace(/^\[/, "");
      const message = error.message.includes("must have a selection")
        ? `Field must have selections (field '${fieldName}' returns ${typeName} but has no selections. Did you mean '${fieldName} { ... }'?)`
        : `Selections can't be made on scalars (field '${fieldName}' returns ${typeName} but has selections)`;
      return {
        message,
        extensions: { code: "selectionMismatch", nodeName: `field '${fieldName}'`, typeName },
      };
    },
  ],
  [
    ValuesOfCorrectTypeRule,
    (error, node) => {
      const valueNode = error.nodes?.[0];
      if (!node?.argumentName || !valueNode) return null;
      return {
        message: `Argument '${node.argumentName}' on Field '${node.fieldName}' has an invalid value (${print(valueNode)}). Expected type '${node.argumentType}'.`,
        extensions: {
          code: "argumentLiteralsIncompatible",
          typeName: "Field",
          argumentName: node.argumentName,
        },
      };
    },
  ],
]);

/** graphql-ruby's code for a rule: the rule's name in lower camel case, without "Rule". */
const codeOf = (rule: ValidationRule) => {
  const name = rule.name.replace(/Rule$/, "");
  return name.charAt(0).toLowerCase() + name.slice(1);
};

/** Validates with graphql's specified rules and answers in Shopify's error shape. */
export function validateLikeShopify(schema: GraphQLSchema, document: DocumentNode): ShopifyError[] {
  if (validate(schema, document).length === 0) return [];
  // Attribute each error to its rule (one pass per rule) so it can be translated.
  const nodes = describeNodes(schema, document);
  const errors: ShopifyError[] = [];
  for (const rule of specifiedRules) {
    for (const error of validate(schema, document, [rule])) {
      const info = error.nodes?.[0] ? nodes.get(error.nodes[0]) : undefined;
      const translated = translations.get(rule)?.(error, info) ?? {
        message: error.message,
        extensions: { code: codeOf(rule) },
      };
      errors.push({
        message: translated.message,
        locations: error.locations,
        ...(info ? { path: info.path } : {}),
        extensions: translated.extensions,
      });
    }
  }
  // graphql-ruby reports in document order.
  const position = (error: ShopifyError) => {
    const location = error.locations?.[0];
    return location ? location.line * 1e6 + location.column : 0;
  };
  return errors.sort((a, b) => position(a) - position(b));
}
