/*
 * The bulk exports the first sync runs, and the two operations that drive them. The inner
 * queries are plain strings, not `#graphql` documents: Shopify receives them as the `query`
 * variable of bulkOperationRunQuery, so codegen must not type them as requests of their own
 * (app/sync/bulk-queries.test.ts validates them against the schema instead). Bulk rules they
 * follow: `edges { node }` selections, every parent of a nested connection selects `id`, at
 * most two levels of connections. docs/data-contract.md records them with the JSONL they yield.
 */

export const PRODUCTS_BULK_QUERY = `{
  products {
    edges {
      node {
        id
        title
        handle
        status
        productType
        vendor
        tags
        createdAt
        updatedAt
        publishedAt
        totalInventory
        descriptionHtml
        seo { title description }
        mediaCount { count }
        variants {
          edges {
            node {
              id
              sku
              title
              price
              compareAtPrice
              inventoryQuantity
              createdAt
              inventoryItem { unitCost { amount currencyCode } }
            }
          }
        }
      }
    }
  }
}`;

export const ORDERS_BULK_QUERY = `{
  orders {
    edges {
      node {
        id
        name
        createdAt
        updatedAt
        cancelledAt
        test
        currencyCode
        customer { id }
        discountCodes
        refunds { createdAt }
        lineItems {
          edges {
            node {
              id
              quantity
              currentQuantity
              variant { id }
              product { id }
              originalUnitPriceSet { shopMoney { amount currencyCode } }
              discountedUnitPriceAfterAllDiscountsSet { shopMoney { amount currencyCode } }
            }
          }
        }
      }
    }
  }
}`;

export const CUSTOMERS_BULK_QUERY = `{
  customers {
    edges {
      node {
        id
        createdAt
        updatedAt
        numberOfOrders
        amountSpent { amount currencyCode }
        tags
      }
    }
  }
}`;

export const ABANDONED_CHECKOUTS_BULK_QUERY = `{
  abandonedCheckouts {
    edges {
      node {
        id
        createdAt
        completedAt
        customer { id }
        lineItems {
          edges {
            node {
              quantity
              variant { id }
              product { id }
            }
          }
        }
      }
    }
  }
}`;

// groupObjects: false lets Shopify write children as it reaches them (faster exports); the
// reader attaches them by __parentId wherever they land after their parent.
export const BULK_OPERATION_RUN_QUERY = `#graphql
  mutation BulkOperationRunQuery($query: String!) {
    bulkOperationRunQuery(query: $query, groupObjects: false) {
      bulkOperation {
        id
        status
        createdAt
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export const BULK_OPERATION_STATUS = `#graphql
  query BulkOperationStatus($id: ID!) {
    bulkOperation(id: $id) {
      id
      status
      errorCode
      createdAt
      completedAt
      objectCount
      rootObjectCount
      url
    }
  }
`;
