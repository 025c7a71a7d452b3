// Small line icons drawn inline (no external assets; the CSP allows only this origin anyway).
// Each is decorative: the text next to it carries the meaning.
import type { ReactNode } from 'react';

function Svg({ children }: { children: ReactNode }) {
  return (
    <svg
      className="icon"
      viewBox="0 0 48 48"
      aria-hidden="true"
      focusable="false"
      fill="none"
      stroke="currentColor"
      strokeWidth="3"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      {children}
    </svg>
  );
}

const CATEGORY_ICONS: Record<string, ReactNode> = {
  briefcase: (
    <>
      <rect x="6" y="15" width="36" height="25" rx="3" />
      <path d="M17 15v-5h14v5M6 26h36" />
    </>
  ),
  shield: <path d="M24 5 39 11v11c0 10-7 17-15 21C16 39 9 32 9 22V11z" />,
  medical: (
    <>
      <rect x="7" y="7" width="34" height="34" rx="6" />
      <path d="M24 15v18M15 24h18" />
    </>
  ),
  shop: (
    <>
      <path d="M7 19 10 8h28l3 11M7 19h34M10 19v21h28V19" />
      <path d="M20 40V29h8v11" />
    </>
  ),
  elder: (
    <>
      <circle cx="22" cy="9" r="4" />
      <path d="M22 14v13l-6 14M22 27l6 14M15 20l7-3 7 5M33 22v19" />
    </>
  ),
  hot: <path d="M24 5c2 8 11 11 11 22a11 11 0 0 1-22 0c0-6 3-9 5-11 0 5 3 7 5 7-2-6 0-13 1-18z" />,
};

export function CategoryIcon({ name }: { name: string }) {
  return <Svg>{CATEGORY_ICONS[name] ?? <circle cx="24" cy="24" r="16" />}</Svg>;
}

export function CheckIcon() {
  return (
    <Svg>
      <path d="M10 25l9 9 19-20" />
    </Svg>
  );
}

export function WarningIcon() {
  return (
    <Svg>
      <path d="M24 6 44 41H4z" />
      <path d="M24 19v11M24 35v1" />
    </Svg>
  );
}

export function SearchIcon() {
  return (
    <Svg>
      <circle cx="21" cy="21" r="12" />
      <path d="M30 30l11 11" />
    </Svg>
  );
}
