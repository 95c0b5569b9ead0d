/** A phone-sized pager for the public lists: none when everything fits on one page. */
import type { PaginationProps } from 'antd';
import type { Paging } from '../../ui.tsx';

export const smallPager = (total: number | undefined, p: Paging, set: (p: Paging) => void): PaginationProps | false =>
  (total ?? 0) > p.size
    ? { current: p.page, pageSize: p.size, total: total ?? 0, onChange: (page) => set({ ...p, page }), size: 'small' }
    : false;
