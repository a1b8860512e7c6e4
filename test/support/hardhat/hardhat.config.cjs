// A local Ethereum node for the signing tests (Hardhat 2's in-process network, on 127.0.0.1 only).
module.exports = { networks: { hardhat: { chainId: 31337 } } };
