import { Banner } from "@shopify/polaris";
import { useCallback, useState, type ReactNode } from "react";

interface AppBridgeToast {
  toast?: { show(message: string, options?: { isError?: boolean; duration?: number }): void };
}

interface Notice {
  message: string;
  error: boolean;
}

/**
 * What an action did, said once: an App Bridge toast inside Shopify admin; outside it (the demo,
 * or when the App Bridge script cannot load) there is no toast host, so a dismissible banner.
 */
export function useActionNotice(): { show(message: string, error?: boolean): void; banner: ReactNode } {
  const [notice, setNotice] = useState<Notice | null>(null);
  const show = useCallback((message: string, error = false) => {
    const bridge = window.shopify as AppBridgeToast | undefined;
    if (bridge?.toast) {
      bridge.toast.show(message, { isError: error });
      setNotice(null);
    } else {
      setNotice({ message, error });
    }
  }, []);
  const banner = notice ? (
    <Banner tone={notice.error ? "critical" : "success"} onDismiss={() => setNotice(null)}>
      <p>{notice.message}</p>
    </Banner>
  ) : null;
  return { show, banner };
}
