import { runProcess } from './main';

runProcess('api');
