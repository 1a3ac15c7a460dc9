import { BlockStack, SkeletonBodyText, Text } from "@shopify/polaris";
import { BarChart, PolarisVizProvider } from "@shopify/polaris-viz";
import vizStyles from "@shopify/polaris-viz/build/esm/styles.css";
import { useEffect, useState } from "react";
import { formatCount, formatDay, formatShortDay, moneyFormatter } from "../lib/format";

/** For the `links` of routes that show a chart. */
export const chartLinks = () => [{ rel: "stylesheet", href: vizStyles }];

export interface WeekPoint {
  /** the week's first day, YYYY-MM-DD in the shop's calendar */
  day: string;
  units: number;
  netMinor: number;
}

export interface WindowMark {
  /** the day the marked period starts */
  day: string;
  label: string;
}

const CHART_HEIGHT = 260;

/**
 * Bars of units sold or net sales per week. polaris-viz measures the DOM and is not safe to render
 * on the server, so it renders after mount; until then a skeleton holds the chart's place.
 */
export function WeeklySalesChart({
  title,
  metric,
  weeks,
  currencyCode,
  marks = [],
}: {
  title: string;
  metric: "units" | "netSales";
  weeks: WeekPoint[];
  currencyCode: string | null;
  marks?: WindowMark[];
}) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);

  const money = moneyFormatter(currencyCode);
  const formatValue = (value: string | number | null) =>
    metric === "units" ? formatCount(Number(value ?? 0), "unit") : money(Number(value ?? 0));
  const annotations = marks.flatMap((mark) => {
    // A mark sits on the week that contains its day.
    const week = [...weeks].reverse().find((point) => point.day <= mark.day);
    return week ? [{ axis: "x" as const, label: mark.label, startKey: week.day }] : [];
  });
  const first = weeks[0];
  const last = weeks.at(-1);

  return (
    <BlockStack gap="200">
      <Text as="h3" variant="headingSm">
        {title}
      </Text>
      {first && last ? (
        <Text as="p" tone="subdued" variant="bodySm">
          Weeks of {formatDay(first.day)} to {formatDay(last.day)}, each bar one week.
        </Text>
      ) : null}
      <figure aria-label={title} style={{ margin: 0, height: CHART_HEIGHT }} data-chart={metric}>
        {mounted ? (
          <PolarisVizProvider defaultTheme="Light">
            <BarChart
              theme="Light"
              isAnimated={false}
              showLegend={false}
              annotations={annotations}
              data={[
                {
                  name: metric === "units" ? "Units sold" : "Net sales",
                  data: weeks.map((week) => ({
                    key: week.day,
                    value: metric === "units" ? week.units : week.netMinor,
                  })),
                },
              ]}
              xAxisOptions={{ labelFormatter: (key) => formatShortDay(String(key)) }}
              yAxisOptions={{ labelFormatter: formatValue, integersOnly: metric === "units" }}
              tooltipOptions={{
                valueFormatter: formatValue,
                keyFormatter: (key) => `Week of ${formatDay(String(key))}`,
                titleFormatter: (key) => `Week of ${formatDay(String(key))}`,
              }}
              emptyStateText="No sales in these weeks"
            />
          </PolarisVizProvider>
        ) : (
          <SkeletonBodyText lines={8} />
        )}
      </figure>
    </BlockStack>
  );
}
