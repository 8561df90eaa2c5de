import { runProcess } from './main';

runProcess('worker');
