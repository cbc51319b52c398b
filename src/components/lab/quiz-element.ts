/**
 * <lockstep-quiz>: checks a prediction and runs the program behind the question in the engine
 * worker (loaded only when the reader presses Run).
 */
import { summarize } from './results-view.ts';

class LockstepQuiz extends HTMLElement {
  connectedCallback(): void {
    const data = JSON.parse(this.querySelector('.ls-qdata')?.textContent ?? '{}') as {
      answer: number;
      lab: string;
      source?: string;
      cpus: number;
      events: number;
    };
    const form = this.querySelector('form');
    const verdict = this.querySelector<HTMLElement>('.ls-verdict');
    const out = this.querySelector<HTMLElement>('.ls-qout');
    if (!form || !verdict || !out) return;
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const picked = form.querySelector<HTMLInputElement>('input[type=radio]:checked');
      if (!picked) {
        verdict.textContent = 'Pick an answer first.';
        return;
      }
      const right = Number(picked.value) === data.answer;
      verdict.textContent = right ? '✓ Right.' : '✗ Not quite — see the explanation, then run it.';
      verdict.dataset.right = String(right);
      const d = this.querySelector('details');
      if (d) d.open = true;
    });
    this.querySelector('[data-q="run"]')?.addEventListener('click', async () => {
      if (!data.source) return;
      out.textContent = 'Loading the engine and running…';
      try {
        const { isolated, runLab } = await import('./engine-client.ts');
        const o = await runLab({
          type: 'run',
          lab: { id: data.lab },
          source: data.source,
          cpus: data.cpus,
          events: data.events,
          mode: isolated() ? 'parallel' : 'deterministic',
        });
        out.textContent = summarize(o);
      } catch (e) {
        out.textContent = `The engine failed: ${e instanceof Error ? e.message : String(e)}`;
      }
    });
  }
}
if (!customElements.get('lockstep-quiz')) customElements.define('lockstep-quiz', LockstepQuiz);
