export { reunificationCase } from './reunification-case';
