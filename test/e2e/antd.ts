/** Driving antd's widgets from the browser tests: a date picker, a select's option, a dialog's OK, a case's move. */
import type { Page } from 'playwright-core';

/** The input of a field whose test id antd put on the input itself or on a wrapper around it. */
export const field = (page: Page, testId: string) =>
  page.locator(`[data-testid="${testId}"] input, input[data-testid="${testId}"]`).first();

/** A date into an antd DatePicker: typed, then confirmed with Enter. */
export async function pickDate(page: Page, testId: string, day: string) {
  const input = field(page, testId);
  await input.click();
  await input.fill(day);
  await input.press('Enter');
  // the calendar closes: nothing left over the next field
  await page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)').waitFor({ state: 'hidden' });
}

/** The primary button of the open dialog (antd spaces two-character labels: 确 定). */
export const ok = (page: Page) => page.locator('.ant-modal-footer').getByRole('button', { name: /确\s*定/ });

/** Opens the select `testId` and clicks the option whose text starts with `text`. */
export async function choose(page: Page, testId: string, text: string) {
  await page.getByTestId(testId).click();
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: text }).first().click();
}

/** Makes a move of the case page (its button in 办理), confirmed in its dialog; waits for the new state. */
export async function move(page: Page, label: string, state: string, fill?: () => Promise<void>) {
  await page
    .getByTestId('case-actions')
    .getByRole('button', { name: new RegExp(`^${label.split('').join('\\s*')}$`) })
    .click();
  await fill?.();
  await ok(page).click();
  await page.getByTestId('case-state').getByText(state, { exact: true }).waitFor();
}
