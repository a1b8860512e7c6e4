/**
 * Loaded with `node --require` into a tool the tests run (Electronegativity): refuses every network
 * connection that is not to this machine, so the tool's update and translation downloads fail at
 * once instead of leaving the machine. The tests' traffic stays on 127.0.0.1.
 */
'use strict';
const net = require('node:net');
const dns = require('node:dns');

const LOCAL = new Set(['127.0.0.1', '::1', 'localhost']);
const refuse = (host) => {
  const e = new Error(`network access to ${host} is blocked in tests`);
  e.code = 'ECONNREFUSED';
  return e;
};

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const o = typeof args[0] === 'object' && args[0] !== null ? args[0] : { port: args[0], host: args[1] };
  const host = o.path ? 'local socket' : (o.host ?? 'localhost');
  if (!o.path && !LOCAL.has(host)) {
    process.nextTick(() => this.destroy(refuse(host)));
    return this;
  }
  return connect.apply(this, args);
};

const lookup = dns.lookup;
dns.lookup = function (host, ...rest) {
  const cb = rest[rest.length - 1];
  if (!LOCAL.has(host) && typeof cb === 'function') return process.nextTick(() => cb(refuse(host)));
  return lookup.call(this, host, ...rest);
};
