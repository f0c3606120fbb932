import { type KeyboardEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';

export interface TabItem<K extends string> {
  key: K;
  label: string;
  render: () => ReactNode;
}

interface TabsProps<K extends string> {
  /** Names the tab list, e.g. "Integrations". */
  label: string;
  tabs: readonly TabItem<K>[];
  selected: K;
  onSelect: (key: K) => void;
}

/**
 * Tabs after the WAI-ARIA pattern: one Tab stop for the list, arrow keys, Home and End move
 * between tabs and show them at once. A panel is first drawn when its tab is opened and then
 * kept (hidden), so what it holds, such as a secret shown once, survives a look at another tab.
 */
export function Tabs<K extends string>({ label, tabs, selected, onSelect }: TabsProps<K>) {
  const id = useId();
  const tabRefs = useRef(new Map<K, HTMLButtonElement>());
  const [opened, setOpened] = useState<ReadonlySet<K>>(() => new Set([selected]));
  const focusNext = useRef(false);

  useEffect(() => {
    setOpened((current) => (current.has(selected) ? current : new Set([...current, selected])));
    if (focusNext.current) {
      focusNext.current = false;
      tabRefs.current.get(selected)?.focus();
    }
  }, [selected]);

  const handleKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = tabs.findIndex((tab) => tab.key === selected);
    let next: number;
    switch (event.key) {
      case 'ArrowRight':
        next = (index + 1) % tabs.length;
        break;
      case 'ArrowLeft':
        next = (index - 1 + tabs.length) % tabs.length;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = tabs.length - 1;
        break;
      default:
        return;
    }
    event.preventDefault();
    const tab = tabs[next];
    if (tab) {
      focusNext.current = true;
      onSelect(tab.key);
    }
  };

  return (
    <div className="tabs">
      <div role="tablist" aria-label={label} className="tab-list" onKeyDown={handleKeyDown}>
        {tabs.map((tab) => {
          const active = tab.key === selected;
          return (
            <button
              key={tab.key}
              ref={(element) => {
                if (element) {
                  tabRefs.current.set(tab.key, element);
                } else {
                  tabRefs.current.delete(tab.key);
                }
              }}
              type="button"
              role="tab"
              id={`${id}-tab-${tab.key}`}
              aria-selected={active}
              aria-controls={`${id}-panel-${tab.key}`}
              tabIndex={active ? 0 : -1}
              className="tab"
              onClick={() => onSelect(tab.key)}
            >
              {tab.label}
            </button>
          );
        })}
      </div>
      {tabs.map((tab) => (
        <div
          key={tab.key}
          role="tabpanel"
          id={`${id}-panel-${tab.key}`}
          aria-labelledby={`${id}-tab-${tab.key}`}
          tabIndex={0}
          hidden={tab.key !== selected}
          className="tab-panel"
        >
          {opened.has(tab.key) || tab.key === selected ? tab.render() : null}
        </div>
      ))}
    </div>
  );
}
