import { GraphQLError } from "graphql";
import type { StoreState } from "../../store/state";
import { parseGid } from "../../store/state";
import type { ProductStatus, StoreProduct, StoreVariant } from "../../store/types";
import type { ServerContext } from "../context";
import {
  assertInputArraySize,
  formatFixed,
  localUnsupported,
  nowIso,
  restCustomer,
  restOrder,
  restProduct,
  splitTags,
  toScaled,
  unsupportedKeys,
  userError,
  type UserErrorResult,
} from "./common";
import { discountNodeFor, findDiscount, restDiscount } from "./discounts";
import { sideStore } from "./side-store";

const MAX_MONEY = toScaled("1000000000000000000") ?? 0n;

interface InventoryItemInput {
  cost?: unknown;
  sku?: string | null;
}

interface VariantInput {
  id?: string | null;
  price?: unknown;
  compareAtPrice?: unknown;
  inventoryItem?: InventoryItemInput | null;
  inventoryQuantities?: unknown;
}

interface VariantsBulkUpdateArgs {
  productId: string;
  variants: VariantInput[];
  allowPartialUpdates?: boolean | null;
  media?: unknown[] | null;
}

/** One variant's accepted changes, applied only once the whole request is known to be valid. */
interface VariantChange {
  variant: StoreVariant;
  price?: string;
  compareAtPrice?: string | null;
  unitCost?: string | null;
  sku?: string;
}

/** Validates a Money input the way Shopify reports it; returns the normalized amount or errors. */
function checkAmount(
  value: unknown,
  field: string[],
  label: string,
  errors: UserErrorResult[],
  nullable: boolean,
): string | null | undefined {
  if (value === null) {
    if (nullable) return null;
    errors.push(userError(field, `${label} can't be blank`, "INVALID"));
    return undefined;
  }
  const scaled = toScaled(value);
  if (scaled === null) {
    errors.push(userError(field, `${label} is not a number`, "INVALID_INPUT"));
  } else if (scaled < 0n) {
    errors.push(userError(field, `${label} must be greater than or equal to 0`, "GREATER_THAN_OR_EQUAL_TO"));
  } else if (scaled >= MAX_MONEY) {
    errors.push(userError(field, `${label} must be less than 1000000000000000000`, "INVALID_INPUT"));
  } else {
    // The store keeps prices at two decimals, as Shopify does for two-decimal currencies.
    return formatFixed(scaled, 2);
  }
  return undefined;
}

function checkVariantInput(
  state: StoreState,
  product: StoreProduct,
  input: VariantInput,
  index: number,
): { change: VariantChange | null; errors: UserErrorResult[] } {
  const path = (...rest: string[]) => ["variants", String(index), ...rest];
  const extra = unsupportedKeys(input, [
    "id",
    "price",
    "compareAtPrice",
    "inventoryItem",
    "inventoryQuantities",
  ]);
  if (extra.length > 0) {
    throw localUnsupported(`productVariantsBulkUpdate variants[${index}].${extra.join(", ")}`);
  }
  const errors: UserErrorResult[] = [];
  if (!input.id) {
    errors.push(
      userError(path("id"), "Product variant is missing ID attribute", "PRODUCT_VARIANT_ID_MISSING"),
    );
    return { change: null, errors };
  }
  const variantId = parseGid(input.id, "ProductVariant");
  const variant = variantId === null ? undefined : state.variantsById.get(variantId);
  // Shopify answers the same way for an unknown variant and for another product's variant.
  if (!variant || variant.productId !== product.id) {
    errors.push(userError(path("id"), "Product variant does not exist", "PRODUCT_VARIANT_DOES_NOT_EXIST"));
    return { change: null, errors };
  }
  const change: VariantChange = { variant };
  if (input.inventoryQuantities !== undefined) {
    errors.push(
      userError(
        path("inventoryQuantities"),
        "Inventory quantities can only be provided during create. To update inventory for existing variants, use inventoryAdjustQuantities.",
        "NO_INVENTORY_QUANTITIES_ON_VARIANTS_UPDATE",
      ),
    );
  }
  if (input.price !== undefined) {
    const price = checkAmount(input.price, path("price"), "Price", errors, false);
    if (typeof price === "string") change.price = price;
  }
  if (input.compareAtPrice !== undefined) {
    const compareAt = checkAmount(
      input.compareAtPrice,
      path("compareAtPrice"),
      "Compare at price",
      errors,
      true,
    );
    if (compareAt !== undefined) change.compareAtPrice = compareAt;
  }
  if (input.inventoryItem) {
    const item = input.inventoryItem;
    const extraItem = unsupportedKeys(item, ["cost", "sku"]);
    if (extraItem.length > 0) {
      throw localUnsupported(
        `productVariantsBulkUpdate variants[${index}].inventoryItem.${extraItem.join(", ")}`,
      );
    }
    if (item.cost !== undefined) {
      const cost = checkAmount(item.cost, path("inventoryItem", "cost"), "Cost", errors, true);
      if (cost !== undefined) change.unitCost = cost;
    }
    if (typeof item.sku === "string") {
      if (item.sku.length > 255) {
        errors.push(
          userError(path("inventoryItem", "sku"), "SKU is too long (maximum is 255 characters)", "TOO_LONG"),
        );
      } else change.sku = item.sku;
    }
  }
  return { change: errors.length > 0 ? null : change, errors };
}

function productVariantsBulkUpdate(_parent: unknown, args: VariantsBulkUpdateArgs, context: ServerContext) {
  assertInputArraySize(args.variants);
  if (args.media && args.media.length > 0) throw localUnsupported("productVariantsBulkUpdate media");
  const { state } = context;
  const productId = parseGid(args.productId, "Product");
  const product = productId === null ? undefined : state.productsById.get(productId);
  if (!product) {
    return {
      product: null,
      productVariants: null,
      userErrors: [userError(["productId"], "Product does not exist", "PRODUCT_DOES_NOT_EXIST")],
    };
  }
  const changes: VariantChange[] = [];
  const userErrors: UserErrorResult[] = [];
  args.variants.forEach((input, index) => {
    const { change, errors } = checkVariantInput(state, product, input, index);
    if (change) changes.push(change);
    userErrors.push(...errors);
  });
  // All or nothing unless the caller asked for partial updates.
  if (userErrors.length > 0 && (!args.allowPartialUpdates || changes.length === 0)) {
    return { product, productVariants: null, userErrors };
  }
  if (changes.length > 0) {
    const now = nowIso(context);
    for (const change of changes) {
      const { variant } = change;
      if (change.price !== undefined) variant.price = change.price;
      if (change.compareAtPrice !== undefined) variant.compareAtPrice = change.compareAtPrice;
      if (change.unitCost !== undefined) variant.unitCost = change.unitCost;
      if (change.sku !== undefined) variant.sku = change.sku;
      variant.updatedAt = now;
    }
    product.updatedAt = now;
    context.emitWebhook({ topic: "products/update", payload: restProduct(state, product) });
  }
  return { product, productVariants: changes.map((change) => change.variant), userErrors };
}

interface ProductUpdateFields {
  id?: string | null;
  title?: string | null;
  descriptionHtml?: string | null;
  productType?: string | null;
  vendor?: string | null;
  status?: string | null;
  tags?: string[] | null;
  seo?: { title?: string | null; description?: string | null } | null;
}

interface ProductUpdateArgs {
  product?: ProductUpdateFields | null;
  /** deprecated in favour of `product`, still accepted */
  input?: ProductUpdateFields | null;
  identifier?: { id?: string | null; handle?: string | null; customId?: unknown } | null;
  media?: unknown[] | null;
}

const SUPPORTED_PRODUCT_FIELDS = [
  "id",
  "title",
  "descriptionHtml",
  "productType",
  "vendor",
  "status",
  "tags",
  "seo",
  // defaults to false and only matters together with `category`, which is refused
  "deleteConflictingConstrainedMetafields",
];

function findProductForUpdate(state: StoreState, args: ProductUpdateArgs, fields: ProductUpdateFields) {
  if (args.identifier?.customId) throw localUnsupported("productUpdate identifier.customId");
  const id = args.identifier?.id ?? fields.id;
  if (id) {
    const numeric = parseGid(id, "Product");
    return numeric === null ? undefined : state.productsById.get(numeric);
  }
  const handle = args.identifier?.handle;
  return handle ? state.data.products.find((product) => product.handle === handle) : undefined;
}

function productUpdate(_parent: unknown, args: ProductUpdateArgs, context: ServerContext) {
  if (args.media && args.media.length > 0) throw localUnsupported("productUpdate media");
  const fields = args.product ?? args.input ?? {};
  const extra = unsupportedKeys(fields, SUPPORTED_PRODUCT_FIELDS);
  if (extra.length > 0) throw localUnsupported(`productUpdate fields ${extra.join(", ")}`);
  assertInputArraySize(fields.tags);
  const { state } = context;
  const product = findProductForUpdate(state, args, fields);
  if (!product) return { product: null, userErrors: [userError(["id"], "Product does not exist")] };

  const userErrors: UserErrorResult[] = [];
  if (fields.title !== undefined) {
    const title = fields.title?.trim() ?? "";
    if (title === "") userErrors.push(userError(["title"], "Title can't be blank"));
    else if (title.length > 255) {
      userErrors.push(userError(["title"], "Title is too long (maximum is 255 characters)"));
    }
  }
  if (fields.status === "UNLISTED") throw localUnsupported("the UNLISTED product status");
  // Shopify still returns the unchanged product alongside the errors.
  if (userErrors.length > 0) return { product, userErrors };

  if (fields.title) product.title = fields.title.trim();
  if (fields.descriptionHtml !== undefined) product.descriptionHtml = fields.descriptionHtml ?? "";
  if (fields.productType !== undefined) product.productType = fields.productType ?? "";
  if (fields.vendor !== undefined) product.vendor = fields.vendor ?? "";
  if (fields.status) product.status = fields.status as ProductStatus;
  if (fields.tags !== undefined) product.tags = splitTags(fields.tags ?? []);
  if (fields.seo) {
    if (fields.seo.title !== undefined) product.seoTitle = fields.seo.title;
    if (fields.seo.description !== undefined) product.seoDescription = fields.seo.description;
  }
  product.updatedAt = nowIso(context);
  context.emitWebhook({ topic: "products/update", payload: restProduct(state, product) });
  return { product, userErrors };
}

/** Something tagsAdd/tagsRemove can tag: its tags, how to store new ones, and its payload node. */
interface Taggable {
  tags: string[];
  /** stores the tags, bumps updatedAt and sends the resource's update webhook */
  apply(tags: string[]): void;
  node(): object;
}

function findTaggable(context: ServerContext, id: string): Taggable | UserErrorResult {
  const { state } = context;
  const type = /^gid:\/\/shopify\/(\w+)\/\d+$/.exec(id)?.[1];
  const numeric = type ? parseGid(id, type) : null;
  const now = nowIso(context);
  if (type === "Product") {
    const product = numeric === null ? undefined : state.productsById.get(numeric);
    if (!product) return userError(["id"], "Product does not exist");
    return {
      tags: product.tags,
      apply(tags) {
        product.tags = tags;
        product.updatedAt = now;
        context.emitWebhook({ topic: "products/update", payload: restProduct(state, product) });
      },
      node: () => ({ __typename: "Product", ...product }),
    };
  }
  if (type === "Customer") {
    const customer = numeric === null ? undefined : state.customersById.get(numeric);
    if (!customer) return userError(["id"], "Customer does not exist");
    return {
      tags: customer.tags,
      apply(tags) {
        customer.tags = tags;
        customer.updatedAt = now;
        context.emitWebhook({ topic: "customers/update", payload: restCustomer(state, customer) });
      },
      node: () => ({ __typename: "Customer", ...customer }),
    };
  }
  if (type === "Order") {
    const order = numeric === null ? undefined : state.ordersById.get(numeric);
    if (!order) return userError(["id"], "Order does not exist");
    const side = sideStore(state);
    return {
      tags: side.orderTags.get(order.id) ?? [],
      apply(tags) {
        side.orderTags.set(order.id, tags);
        order.updatedAt = now;
        context.emitWebhook({ topic: "orders/updated", payload: restOrder(state, order, tags) });
      },
      node: () => ({ __typename: "Order", ...order }),
    };
  }
  if (type === "DiscountAutomaticNode" || type === "DiscountCodeNode" || type === "DiscountNode") {
    const discount = findDiscount(state, id);
    if (!discount) return userError(["id"], "Discount does not exist");
    return {
      tags: discount.tags,
      apply(tags) {
        discount.tags = tags;
        discount.updatedAt = now;
        context.emitWebhook({ topic: "discounts/update", payload: restDiscount(context, discount) });
      },
      node: () => discountNodeFor(discount),
    };
  }
  throw new GraphQLError(`Invalid id: ${id}`, { extensions: { code: "RESOURCE_NOT_FOUND" } });
}

function changeTags(
  args: { id: string; tags: string[] },
  context: ServerContext,
  next: (current: string[], given: string[]) => string[],
) {
  assertInputArraySize(args.tags);
  const target = findTaggable(context, args.id);
  if (!("apply" in target)) return { node: null, userErrors: [target] };
  const updated = next(target.tags, splitTags(args.tags));
  const changed =
    updated.length !== target.tags.length || updated.some((tag, index) => tag !== target.tags[index]);
  // Repeating a tagsAdd/tagsRemove changes nothing, so it neither bumps updatedAt nor notifies.
  if (changed) target.apply(updated);
  return { node: target.node(), userErrors: [] };
}

const sameTag = (left: string, right: string) => left.toLowerCase() === right.toLowerCase();

function tagsAdd(_parent: unknown, args: { id: string; tags: string[] }, context: ServerContext) {
  return changeTags(args, context, (current, given) => [
    ...current,
    ...given.filter((tag) => !current.some((kept) => sameTag(kept, tag))),
  ]);
}

function tagsRemove(_parent: unknown, args: { id: string; tags: string[] }, context: ServerContext) {
  return changeTags(args, context, (current, given) =>
    current.filter((tag) => !given.some((removed) => sameTag(removed, tag))),
  );
}

export const productMutations = { productVariantsBulkUpdate, productUpdate, tagsAdd, tagsRemove };
