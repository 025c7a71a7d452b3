// After a session ends, nothing personal may be left in the page: not on screen, not in the DOM,
// not in storage, and not reachable in the renderer's JavaScript heap.
import { expect, type Page } from '@playwright/test';

async function heapStrings(page: Page): Promise<string> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  const chunks: string[] = [];
  cdp.on('HeapProfiler.addHeapSnapshotChunk', (e) => chunks.push(e.chunk));
  // A snapshot holds only what is reachable after a full GC: exactly what must not survive.
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  await cdp.detach();
  const snapshot = JSON.parse(chunks.join('')) as { strings: string[] };
  return snapshot.strings.join('\n');
}

export async function expectNoPersonalData(page: Page, secrets: string[]): Promise<void> {
  const dom = await page.content();
  const text = await page.evaluate(() => document.body.innerText);
  const storage = await page.evaluate(() =>
    JSON.stringify({
      local: { ...localStorage },
      session: { ...sessionStorage },
      title: document.title,
      url: location.href,
      inputs: Array.from(document.querySelectorAll('input,textarea')).map(
        (e) => (e as HTMLInputElement).value,
      ),
    }),
  );
  const heap = await heapStrings(page);
  for (const secret of secrets) {
    expect(dom, `"${secret}" left in the DOM`).not.toContain(secret);
    expect(text, `"${secret}" left on screen`).not.toContain(secret);
    expect(storage, `"${secret}" left in storage`).not.toContain(secret);
    expect(heap.includes(secret), `"${secret}" still reachable in the renderer heap`).toBe(false);
  }
}
